import type { Migration } from '../migration.ts';

/** Operators and their sign-in state, policy values, database facts, and the audit log. */
export const m001OperatorsPolicyAudit: Migration = {
  version: 1,
  name: 'operators, policy and the audit log',
  sql: `
CREATE TABLE database_info (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE operators (
  id                  INTEGER PRIMARY KEY,
  username            TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name        TEXT NOT NULL,
  role                TEXT NOT NULL CHECK (role IN ('agent', 'lead', 'auditor', 'admin')),
  -- scrypt in a self-describing string: scrypt$ln=15,r=8,p=1$<salt>$<hash> (base64)
  password_hash       TEXT NOT NULL,
  password_changed_at TEXT NOT NULL,
  failed_sign_ins     INTEGER NOT NULL DEFAULT 0,
  locked_until        TEXT,
  disabled_at         TEXT,
  created_at          TEXT NOT NULL
) STRICT;

-- PCI DSS 8.3.7: a new password may not repeat any of the last four.
CREATE TABLE password_history (
  operator_id   INTEGER NOT NULL REFERENCES operators (id),
  password_hash TEXT NOT NULL,
  set_at        TEXT NOT NULL
) STRICT;
CREATE INDEX password_history_by_operator ON password_history (operator_id, set_at);

-- One row per policy value, stored as JSON and validated by the policy schema on read.
CREATE TABLE policy (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Append-only, HMAC-chained: mac = HMAC(audit key, prev mac || canonical bytes of the entry).
CREATE TABLE audit_log (
  seq          INTEGER PRIMARY KEY,
  at           TEXT NOT NULL,
  operator_id  INTEGER,
  username     TEXT,
  origin       TEXT NOT NULL,
  action       TEXT NOT NULL,
  subject_type TEXT,
  subject_id   TEXT,
  result       TEXT NOT NULL CHECK (result IN ('success', 'failure', 'refused', 'alert')),
  details      TEXT NOT NULL,
  key_id       TEXT NOT NULL,
  mac          BLOB NOT NULL
) STRICT;
CREATE INDEX audit_log_by_time ON audit_log (at);
CREATE INDEX audit_log_by_operator ON audit_log (operator_id, at);

CREATE TRIGGER audit_log_refuses_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_refuses_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`,
};

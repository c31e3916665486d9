import type { Migration } from '../migration.ts';

/**
 * The network ACS gateway (docs/ACS-GATEWAY.md) and an outbox that drains by itself.
 *
 * acs_gateway: one row when the database reaches a network ACS (desk-admin acs set): its
 * URL, the CA its certificate chains to, the console's client certificate, and the client
 * key and bearer token sealed (AES-256-GCM) under a key derived from the key store
 * (acs-secrets.ts) — never in clear. `training` marks a training database, the only kind
 * holding imported ACS data that may still use the embedded gateway.
 *
 * reset_outbox, rebuilt to carry the cause of the lock a reset was decided on (a reset names
 * its lock to the ACS by start and cause), when the relay may try it next, and two more final
 * states: refused (the ACS said no, or another lock is in force) and expired (queued past the
 * caller's verification: never sent). Existing rows keep their state; their cause is unknown.
 */
export const m015AcsGateway: Migration = {
  version: 15,
  name: 'network ACS gateway settings; the outbox names the lock and drains on a schedule',
  sql: `
CREATE TABLE acs_gateway (
  id                INTEGER PRIMARY KEY CHECK (id = 1),
  url               TEXT,
  ca_pem            TEXT,
  client_cert_pem   TEXT,
  client_key_sealed BLOB,
  token_sealed      BLOB,
  seal_key_id       TEXT,
  training          INTEGER NOT NULL DEFAULT 0 CHECK (training IN (0, 1)),
  updated_at        TEXT NOT NULL
) STRICT;

CREATE TABLE reset_outbox_new (
  id              INTEGER PRIMARY KEY,
  reset_id        INTEGER NOT NULL UNIQUE REFERENCES resets (id),
  idempotency_key TEXT NOT NULL UNIQUE,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'applied', 'failed', 'refused', 'expired')),
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  lock_cause      TEXT CHECK (lock_cause IN ('wrong_codes', 'resend_limit', 'fraud_hold', 'other')),
  next_attempt_at TEXT
) STRICT;
INSERT INTO reset_outbox_new (id, reset_id, idempotency_key, state, attempts, last_error, created_at, updated_at)
  SELECT id, reset_id, idempotency_key, state, attempts, last_error, created_at, updated_at FROM reset_outbox;
DROP TABLE reset_outbox;
ALTER TABLE reset_outbox_new RENAME TO reset_outbox;
CREATE INDEX reset_outbox_due ON reset_outbox (next_attempt_at) WHERE state IN ('pending', 'failed');
`,
};

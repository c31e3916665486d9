import type { Migration } from '../migration.ts';

/**
 * Events every console process on the database hears, and the team lead's alerts.
 *
 * desk_events is append-only (UPDATE and DELETE refused): each process remembers the last id
 * it delivered and, when SQLite's data_version says another connection wrote, reads what came
 * after it. A row holds the event's name and its payload of public ids and states, never a
 * cardholder value.
 *
 * alerts: one row per alert a lead should see, raised in the transaction of the audit entry
 * that gave rise to it (audit_seq). A second occurrence of the same kind, by the same operator
 * on the same subject, while the first is still open, counts on that row instead of a new
 * one. A lead acknowledges it with a checked note; the acknowledgement is audited.
 */
export const m014EventsAlerts: Migration = {
  version: 14,
  name: 'events across consoles and the lead’s alerts',
  sql: `
CREATE TABLE desk_events (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  at      TEXT NOT NULL,
  name    TEXT NOT NULL CHECK (name IN ('approvals.changed', 'alerts.changed')),
  payload TEXT NOT NULL CHECK (json_valid(payload))
) STRICT;
CREATE TRIGGER desk_events_refuse_update BEFORE UPDATE ON desk_events
BEGIN SELECT RAISE(ABORT, 'desk_events is append-only'); END;
CREATE TRIGGER desk_events_refuse_delete BEFORE DELETE ON desk_events
BEGIN SELECT RAISE(ABORT, 'desk_events is append-only'); END;

CREATE TABLE alerts (
  id              INTEGER PRIMARY KEY,
  public_id       TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL CHECK (kind IN ('search-budget', 'search-sweep',
                    'verification-limit-call', 'verification-limit-cardholder',
                    'contact-check-limit', 'reset-refused-fraud', 'card-opened-fraud-hold',
                    'approval-waiting', 'sign-in-lockout', 'card-not-handed-out', 'altered-row',
                    'reset-expired')),
  raised_at       TEXT NOT NULL,
  last_at         TEXT NOT NULL,
  occurrences     INTEGER NOT NULL DEFAULT 1 CHECK (occurrences > 0),
  audit_seq       INTEGER NOT NULL,
  operator_id     INTEGER REFERENCES operators (id),
  subject_type    TEXT,
  subject_id      TEXT,
  scope           TEXT,
  state           TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged')),
  acknowledged_by INTEGER REFERENCES operators (id),
  acknowledged_at TEXT,
  note            TEXT,
  CHECK ((state = 'open') = (acknowledged_by IS NULL))
) STRICT;
CREATE INDEX alerts_open ON alerts (state, raised_at);
CREATE INDEX alerts_by_day ON alerts (raised_at);
`,
};

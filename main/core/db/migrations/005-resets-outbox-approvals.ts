import type { Migration } from '../migration.ts';

/**
 * Lock resets as commands: a reset row (one per lock: UNIQUE on the card and the lock's
 * start, so two consoles cannot reset the same lock twice), its outbox row for the ACS
 * gateway (one per reset, with the idempotency key the gateway sees), and four-eyes approval
 * requests for the resets policy escalates to a team lead (one pending per lock).
 */
export const m005ResetsOutboxApprovals: Migration = {
  version: 5,
  name: 'lock resets, their ACS outbox and approval requests',
  sql: `
CREATE TABLE approval_requests (
  id              INTEGER PRIMARY KEY,
  public_id       TEXT NOT NULL UNIQUE,
  card_id         INTEGER NOT NULL REFERENCES cards (id),
  call_id         INTEGER NOT NULL REFERENCES calls (id),
  lock_since      TEXT NOT NULL,
  requested_by    INTEGER NOT NULL REFERENCES operators (id),
  requested_at    TEXT NOT NULL,
  expires_at      TEXT NOT NULL,
  reason          TEXT NOT NULL,
  note            TEXT NOT NULL,
  -- Why policy escalated it, as a JSON array of codes.
  escalation      TEXT NOT NULL CHECK (json_valid(escalation)),
  state           TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'approved', 'rejected', 'expired')),
  decided_by      INTEGER REFERENCES operators (id),
  decided_at      TEXT,
  decision_note   TEXT,
  CHECK (expires_at > requested_at),
  CHECK ((state IN ('approved', 'rejected')) = (decided_by IS NOT NULL)),
  CHECK (decided_by IS NULL OR decided_by <> requested_by)
) STRICT;
CREATE UNIQUE INDEX approval_requests_one_pending
  ON approval_requests (card_id, lock_since) WHERE state = 'pending';
CREATE INDEX approval_requests_by_state ON approval_requests (state, expires_at);

CREATE TABLE resets (
  id              INTEGER PRIMARY KEY,
  public_id       TEXT NOT NULL UNIQUE,
  card_id         INTEGER NOT NULL REFERENCES cards (id),
  call_id         INTEGER NOT NULL REFERENCES calls (id),
  lock_since      TEXT NOT NULL,
  requested_by    INTEGER NOT NULL REFERENCES operators (id),
  approval_id     INTEGER REFERENCES approval_requests (id),
  requested_at    TEXT NOT NULL,
  reason          TEXT NOT NULL,
  note            TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'requested' CHECK (state IN ('requested', 'applied', 'failed')),
  applied_at      TEXT,
  UNIQUE (card_id, lock_since)
) STRICT;
CREATE INDEX resets_by_card ON resets (card_id, requested_at);

CREATE TABLE reset_outbox (
  id              INTEGER PRIMARY KEY,
  reset_id        INTEGER NOT NULL UNIQUE REFERENCES resets (id),
  idempotency_key TEXT NOT NULL UNIQUE,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'applied', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
) STRICT;
`,
};

import type { Migration } from '../migration.ts';

/**
 * An agent (or a lead) may cancel a request still waiting for a lead: approval_requests gains
 * the state `cancelled`. SQLite cannot change a CHECK in place, so the table is rebuilt (as
 * migration 015 rebuilt reset_outbox), with one difference: approval_requests is the parent of
 * resets.approval_id, and renaming a parent rewrites its children's references, so the rows
 * are kept aside in a temporary table, the table is dropped and made again under its own name,
 * and the rows go back with their ids, MACs and key ids unchanged (the sealed columns and
 * their values are the same, so every row that held still holds and a forged one stays
 * forged). The foreign keys are checked at commit (defer_foreign_keys), by then every request
 * a reset names is back. Its indexes and sealing triggers are made again exactly as
 * migrations 005, 007 and 016 made them.
 *
 * Who cancelled, when and why are the decision's columns: decided_by, decided_at (both under
 * the row's MAC) and decision_note. Four eyes still holds for a decision: a lead never
 * approves or rejects their own request; the requester may cancel it (that is no decision).
 */
export const m018ApprovalCancel: Migration = {
  version: 18,
  name: 'approval requests may be cancelled',
  sql: `
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE approval_requests_kept AS SELECT * FROM approval_requests;
DROP TABLE approval_requests;
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
    CHECK (state IN ('pending', 'approved', 'rejected', 'expired', 'cancelled')),
  -- Who decided (approved, rejected) or cancelled it, when, and the note that says why.
  decided_by      INTEGER REFERENCES operators (id),
  decided_at      TEXT,
  decision_note   TEXT,
  mac_key_id      TEXT,
  row_mac         BLOB,
  CHECK (expires_at > requested_at),
  CHECK ((state IN ('approved', 'rejected', 'cancelled')) = (decided_by IS NOT NULL)),
  CHECK ((decided_by IS NULL) = (decided_at IS NULL)),
  CHECK (state <> 'cancelled' OR decision_note IS NOT NULL),
  CHECK (decided_by IS NULL OR decided_by <> requested_by OR state = 'cancelled')
) STRICT;
INSERT INTO approval_requests (id, public_id, card_id, call_id, lock_since, requested_by,
    requested_at, expires_at, reason, note, escalation, state, decided_by, decided_at,
    decision_note, mac_key_id, row_mac)
  SELECT id, public_id, card_id, call_id, lock_since, requested_by, requested_at, expires_at,
    reason, note, escalation, state, decided_by, decided_at, decision_note, mac_key_id, row_mac
  FROM temp.approval_requests_kept;
DROP TABLE temp.approval_requests_kept;
CREATE UNIQUE INDEX approval_requests_one_pending
  ON approval_requests (card_id, lock_since) WHERE state = 'pending';
CREATE INDEX approval_requests_by_state ON approval_requests (state, expires_at);
CREATE INDEX approval_requests_by_card ON approval_requests (card_id);
CREATE INDEX approval_requests_by_call ON approval_requests (call_id, requested_at);
CREATE INDEX approval_requests_by_time ON approval_requests (requested_at);
CREATE TRIGGER approval_requests_sealed_on_insert AFTER INSERT ON approval_requests
BEGIN
  UPDATE approval_requests SET mac_key_id = desk_row_key_id(),
    row_mac = desk_row_mac('approval_requests', NEW.id, NEW.public_id, NEW.card_id, NEW.call_id, NEW.lock_since, NEW.requested_by, NEW.expires_at, NEW.state, NEW.decided_by, NEW.decided_at)
  WHERE id = NEW.id;
END;
CREATE TRIGGER approval_requests_sealed_on_update AFTER UPDATE ON approval_requests
WHEN desk_row_holds('approval_requests', OLD.id, OLD.public_id, OLD.card_id, OLD.call_id, OLD.lock_since, OLD.requested_by, OLD.expires_at, OLD.state, OLD.decided_by, OLD.decided_at, OLD.mac_key_id, OLD.row_mac)
BEGIN
  UPDATE approval_requests SET mac_key_id = desk_row_key_id(),
    row_mac = desk_row_mac('approval_requests', NEW.id, NEW.public_id, NEW.card_id, NEW.call_id, NEW.lock_since, NEW.requested_by, NEW.expires_at, NEW.state, NEW.decided_by, NEW.decided_at)
  WHERE id = NEW.id;
END;
`,
};

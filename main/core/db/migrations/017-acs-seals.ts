import type { Migration } from '../migration.ts';

/**
 * Seals for what decides where resets go (docs/ACS-GATEWAY.md, "What is sealed").
 *
 * acs_gateway becomes a sealed row (sealed-rows.ts, as migration 007 sealed operators, policy,
 * lockouts, approvals and resets): its URL, CA, client certificate, sealed secrets, training
 * mark and time are under a MAC (mac_key_id, row_mac) that triggers write through functions only
 * a connection holding the keys registers. A row that does not verify is never used: no call
 * goes to the URL it names and no token is sent. A row from before this migration has no MAC,
 * like migration 007's older rows, so it does not verify: the administrator sets it again once
 * (`desk-admin acs set`, and `desk-admin acs training` for a training database), which replaces
 * a row that fails its seal with a new one and carries nothing over from it.
 *
 * acs_data: set (sealed, never unset) when a card with an ACS card reference or a lockout with
 * an ACS id is written, so that a database once holding imported ACS data keeps refusing the
 * embedded gateway even when those references are later cleared in the file.
 *
 * cards.acs_card_ref is sealed apart (acs_ref_key_id, acs_ref_mac: a MAC over the card's id and
 * its reference), so a reference moved to another card, or changed, names no card at the ACS.
 * Each write of a reference (the importer's) seals it anew: the writer gives the whole value.
 * A reference from before this migration has no MAC: the card is refused at a network ACS
 * until the import writes it again.
 *
 * resets, rebuilt (with reset_outbox, which refers to it) so that a lock whose reset ended
 * refused or expired can be reset again: UNIQUE (card_id, lock_since) becomes UNIQUE (card_id,
 * lock_since, attempt), the attempt being the reset's number on its lock (a new one only after
 * the one before ended refused or expired; two consoles still record one). A reset also keeps
 * the cause of the lock it was decided on (lock_cause; with lock_since it names the lock to the
 * ACS and is in its idempotency key). Both are sealed with the row: a reset recorded from now
 * on has a MAC over its cause and attempt too; one from before (no cause here, attempt 1)
 * keeps migration 007's MAC and is sent with the cause its outbox row kept.
 */
export const m017AcsSeals: Migration = {
  version: 17,
  name: 'the ACS gateway row, the mark of imported ACS data and card references sealed',
  sql: `
ALTER TABLE acs_gateway ADD COLUMN acs_data INTEGER NOT NULL DEFAULT 0 CHECK (acs_data IN (0, 1));
ALTER TABLE acs_gateway ADD COLUMN mac_key_id TEXT;
ALTER TABLE acs_gateway ADD COLUMN row_mac BLOB;
CREATE TRIGGER acs_gateway_sealed_on_insert AFTER INSERT ON acs_gateway
BEGIN
  UPDATE acs_gateway SET mac_key_id = desk_row_key_id(),
    row_mac = desk_row_mac('acs_gateway', NEW.id, NEW.url, NEW.ca_pem, NEW.client_cert_pem, NEW.client_key_sealed, NEW.token_sealed, NEW.seal_key_id, NEW.training, NEW.acs_data, NEW.updated_at)
  WHERE id = NEW.id;
END;
CREATE TRIGGER acs_gateway_sealed_on_update AFTER UPDATE ON acs_gateway
WHEN desk_row_holds('acs_gateway', OLD.id, OLD.url, OLD.ca_pem, OLD.client_cert_pem, OLD.client_key_sealed, OLD.token_sealed, OLD.seal_key_id, OLD.training, OLD.acs_data, OLD.updated_at, OLD.mac_key_id, OLD.row_mac)
BEGIN
  UPDATE acs_gateway SET mac_key_id = desk_row_key_id(),
    row_mac = desk_row_mac('acs_gateway', NEW.id, NEW.url, NEW.ca_pem, NEW.client_cert_pem, NEW.client_key_sealed, NEW.token_sealed, NEW.seal_key_id, NEW.training, NEW.acs_data, NEW.updated_at)
  WHERE id = NEW.id;
END;

ALTER TABLE cards ADD COLUMN acs_ref_key_id TEXT;
ALTER TABLE cards ADD COLUMN acs_ref_mac BLOB;
CREATE TRIGGER cards_acs_ref_sealed_on_insert AFTER INSERT ON cards
WHEN NEW.acs_card_ref IS NOT NULL
BEGIN
  UPDATE cards SET acs_ref_key_id = desk_row_key_id(),
    acs_ref_mac = desk_row_mac('cards.acs_card_ref', NEW.id, NEW.acs_card_ref)
  WHERE id = NEW.id;
  UPDATE acs_gateway SET acs_data = 1 WHERE id = 1 AND acs_data = 0;
  INSERT OR IGNORE INTO acs_gateway (id, acs_data, updated_at)
    VALUES (1, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER cards_acs_ref_sealed_on_update AFTER UPDATE OF acs_card_ref ON cards
BEGIN
  UPDATE cards SET
    acs_ref_key_id = CASE WHEN NEW.acs_card_ref IS NULL THEN NULL ELSE desk_row_key_id() END,
    acs_ref_mac = CASE WHEN NEW.acs_card_ref IS NULL THEN NULL
                       ELSE desk_row_mac('cards.acs_card_ref', NEW.id, NEW.acs_card_ref) END
  WHERE id = NEW.id;
  UPDATE acs_gateway SET acs_data = 1
  WHERE id = 1 AND acs_data = 0 AND NEW.acs_card_ref IS NOT NULL;
  INSERT OR IGNORE INTO acs_gateway (id, acs_data, updated_at)
    SELECT 1, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE NEW.acs_card_ref IS NOT NULL;
END;
CREATE TRIGGER lockouts_mark_acs_data AFTER INSERT ON lockouts
WHEN NEW.external_id IS NOT NULL
BEGIN
  UPDATE acs_gateway SET acs_data = 1 WHERE id = 1 AND acs_data = 0;
  INSERT OR IGNORE INTO acs_gateway (id, acs_data, updated_at)
    VALUES (1, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TABLE resets_new (
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
  mac_key_id      TEXT,
  row_mac         BLOB,
  attempt         INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1),
  lock_cause      TEXT CHECK (lock_cause IN ('wrong_codes', 'resend_limit', 'fraud_hold', 'other')),
  UNIQUE (card_id, lock_since, attempt)
) STRICT;
INSERT INTO resets_new (id, public_id, card_id, call_id, lock_since, requested_by, approval_id,
                        requested_at, reason, note, state, applied_at, mac_key_id, row_mac)
  SELECT id, public_id, card_id, call_id, lock_since, requested_by, approval_id, requested_at,
         reason, note, state, applied_at, mac_key_id, row_mac FROM resets;
CREATE TABLE reset_outbox_new (
  id              INTEGER PRIMARY KEY,
  reset_id        INTEGER NOT NULL UNIQUE REFERENCES resets_new (id),
  idempotency_key TEXT NOT NULL UNIQUE,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'applied', 'failed', 'refused', 'expired')),
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  lock_cause      TEXT CHECK (lock_cause IN ('wrong_codes', 'resend_limit', 'fraud_hold', 'other')),
  next_attempt_at TEXT
) STRICT;
INSERT INTO reset_outbox_new SELECT * FROM reset_outbox;
DROP TABLE reset_outbox;
DROP TABLE resets;
ALTER TABLE resets_new RENAME TO resets;
ALTER TABLE reset_outbox_new RENAME TO reset_outbox;
CREATE INDEX resets_by_card ON resets (card_id, requested_at);
CREATE INDEX resets_by_time ON resets (requested_at);
CREATE INDEX resets_by_approval ON resets (approval_id);
CREATE INDEX reset_outbox_due ON reset_outbox (next_attempt_at) WHERE state IN ('pending', 'failed');
CREATE TRIGGER resets_sealed_on_insert AFTER INSERT ON resets
BEGIN
  UPDATE resets SET mac_key_id = desk_row_key_id(),
    row_mac = CASE WHEN NEW.lock_cause IS NULL AND NEW.attempt = 1 THEN desk_row_mac('resets', NEW.id, NEW.public_id, NEW.card_id, NEW.call_id, NEW.lock_since, NEW.requested_by, NEW.approval_id, NEW.state, NEW.applied_at) ELSE desk_row_mac('resets', NEW.id, NEW.public_id, NEW.card_id, NEW.call_id, NEW.lock_since, NEW.requested_by, NEW.approval_id, NEW.state, NEW.applied_at, NEW.lock_cause, NEW.attempt) END
  WHERE id = NEW.id;
END;
CREATE TRIGGER resets_sealed_on_update AFTER UPDATE ON resets
WHEN CASE WHEN OLD.lock_cause IS NULL AND OLD.attempt = 1 THEN desk_row_holds('resets', OLD.id, OLD.public_id, OLD.card_id, OLD.call_id, OLD.lock_since, OLD.requested_by, OLD.approval_id, OLD.state, OLD.applied_at, OLD.mac_key_id, OLD.row_mac) ELSE desk_row_holds('resets', OLD.id, OLD.public_id, OLD.card_id, OLD.call_id, OLD.lock_since, OLD.requested_by, OLD.approval_id, OLD.state, OLD.applied_at, OLD.lock_cause, OLD.attempt, OLD.mac_key_id, OLD.row_mac) END
BEGIN
  UPDATE resets SET mac_key_id = desk_row_key_id(),
    row_mac = CASE WHEN NEW.lock_cause IS NULL AND NEW.attempt = 1 THEN desk_row_mac('resets', NEW.id, NEW.public_id, NEW.card_id, NEW.call_id, NEW.lock_since, NEW.requested_by, NEW.approval_id, NEW.state, NEW.applied_at) ELSE desk_row_mac('resets', NEW.id, NEW.public_id, NEW.card_id, NEW.call_id, NEW.lock_since, NEW.requested_by, NEW.approval_id, NEW.state, NEW.applied_at, NEW.lock_cause, NEW.attempt) END
  WHERE id = NEW.id;
END;
`,
};

import type { Migration } from '../migration.ts';

/**
 * Security-relevant rows carry a MAC (keys/row-mac.ts): operators, policy values, lockouts
 * (fraud holds among them), approval requests and resets. Each row records the id of the key
 * that sealed it (mac_key_id) and the MAC (row_mac) over its table, its key and the columns
 * that decide something. Triggers seal every row a writer inserts or changes, through
 * functions that only a connection holding the keys registers (installRowMac): a writer
 * without the keys cannot change these tables at all without dropping a trigger, which the
 * schema check at open catches, or without sealing with a wrong key, which reading catches.
 * A change reseals a row only when the row held before it: a forged row stays forged
 * whoever writes to it next, so a legitimate write never launders a forgery.
 * Rows from before this migration have no MAC, so they do not verify: an older database
 * needs its rows sealed once by an admin (not built yet) before the console uses them.
 *
 * fraud_holds_seen: each fraud hold the console has shown once, so the first sight is one
 * audit entry ("lockout.fraud-hold-seen"); `audit verify` checks every hold so recorded
 * still stands in lockouts (a deleted fraud hold is caught).
 */
export const m007SealedRows: Migration = {
  version: 7,
  name: 'MACs on security-relevant rows, fraud holds seen',
  sql: `
ALTER TABLE operators ADD COLUMN mac_key_id TEXT;
ALTER TABLE operators ADD COLUMN row_mac BLOB;
ALTER TABLE policy ADD COLUMN mac_key_id TEXT;
ALTER TABLE policy ADD COLUMN row_mac BLOB;
ALTER TABLE lockouts ADD COLUMN mac_key_id TEXT;
ALTER TABLE lockouts ADD COLUMN row_mac BLOB;
ALTER TABLE approval_requests ADD COLUMN mac_key_id TEXT;
ALTER TABLE approval_requests ADD COLUMN row_mac BLOB;
ALTER TABLE resets ADD COLUMN mac_key_id TEXT;
ALTER TABLE resets ADD COLUMN row_mac BLOB;

CREATE TRIGGER operators_sealed_on_insert AFTER INSERT ON operators
BEGIN
  UPDATE operators SET mac_key_id = desk_row_key_id(),
    row_mac = desk_row_mac('operators', NEW.id, NEW.username, NEW.role, NEW.password_hash, NEW.password_changed_at, NEW.failed_sign_ins, NEW.locked_until, NEW.disabled_at)
  WHERE id = NEW.id;
END;
CREATE TRIGGER operators_sealed_on_update AFTER UPDATE ON operators
WHEN desk_row_holds('operators', OLD.id, OLD.username, OLD.role, OLD.password_hash, OLD.password_changed_at, OLD.failed_sign_ins, OLD.locked_until, OLD.disabled_at, OLD.mac_key_id, OLD.row_mac)
BEGIN
  UPDATE operators SET mac_key_id = desk_row_key_id(),
    row_mac = desk_row_mac('operators', NEW.id, NEW.username, NEW.role, NEW.password_hash, NEW.password_changed_at, NEW.failed_sign_ins, NEW.locked_until, NEW.disabled_at)
  WHERE id = NEW.id;
END;
CREATE TRIGGER policy_sealed_on_insert AFTER INSERT ON policy
BEGIN
  UPDATE policy SET mac_key_id = desk_row_key_id(),
    row_mac = desk_row_mac('policy', NEW.key, NEW.value)
  WHERE key = NEW.key;
END;
CREATE TRIGGER policy_sealed_on_update AFTER UPDATE ON policy
WHEN desk_row_holds('policy', OLD.key, OLD.value, OLD.mac_key_id, OLD.row_mac)
BEGIN
  UPDATE policy SET mac_key_id = desk_row_key_id(),
    row_mac = desk_row_mac('policy', NEW.key, NEW.value)
  WHERE key = NEW.key;
END;
CREATE TRIGGER lockouts_sealed_on_insert AFTER INSERT ON lockouts
BEGIN
  UPDATE lockouts SET mac_key_id = desk_row_key_id(),
    row_mac = desk_row_mac('lockouts', NEW.id, NEW.card_id, NEW.cause, NEW.since, NEW.until, NEW.cleared_at)
  WHERE id = NEW.id;
END;
CREATE TRIGGER lockouts_sealed_on_update AFTER UPDATE ON lockouts
WHEN desk_row_holds('lockouts', OLD.id, OLD.card_id, OLD.cause, OLD.since, OLD.until, OLD.cleared_at, OLD.mac_key_id, OLD.row_mac)
BEGIN
  UPDATE lockouts SET mac_key_id = desk_row_key_id(),
    row_mac = desk_row_mac('lockouts', NEW.id, NEW.card_id, NEW.cause, NEW.since, NEW.until, NEW.cleared_at)
  WHERE id = NEW.id;
END;
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
CREATE TRIGGER resets_sealed_on_insert AFTER INSERT ON resets
BEGIN
  UPDATE resets SET mac_key_id = desk_row_key_id(),
    row_mac = desk_row_mac('resets', NEW.id, NEW.public_id, NEW.card_id, NEW.call_id, NEW.lock_since, NEW.requested_by, NEW.approval_id, NEW.state, NEW.applied_at)
  WHERE id = NEW.id;
END;
CREATE TRIGGER resets_sealed_on_update AFTER UPDATE ON resets
WHEN desk_row_holds('resets', OLD.id, OLD.public_id, OLD.card_id, OLD.call_id, OLD.lock_since, OLD.requested_by, OLD.approval_id, OLD.state, OLD.applied_at, OLD.mac_key_id, OLD.row_mac)
BEGIN
  UPDATE resets SET mac_key_id = desk_row_key_id(),
    row_mac = desk_row_mac('resets', NEW.id, NEW.public_id, NEW.card_id, NEW.call_id, NEW.lock_since, NEW.requested_by, NEW.approval_id, NEW.state, NEW.applied_at)
  WHERE id = NEW.id;
END;

CREATE TABLE fraud_holds_seen (
  lockout_id INTEGER PRIMARY KEY,
  card_id    INTEGER NOT NULL REFERENCES cards (id),
  seen_at    TEXT NOT NULL
) STRICT;
`,
};

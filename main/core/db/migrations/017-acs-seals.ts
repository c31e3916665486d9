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
`,
};

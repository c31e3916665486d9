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
 */
export const m017AcsSeals: Migration = {
  version: 17,
  name: 'the ACS gateway row sealed',
  sql: `
ALTER TABLE acs_gateway ADD COLUMN mac_key_id TEXT;
ALTER TABLE acs_gateway ADD COLUMN row_mac BLOB;
CREATE TRIGGER acs_gateway_sealed_on_insert AFTER INSERT ON acs_gateway
BEGIN
  UPDATE acs_gateway SET mac_key_id = desk_row_key_id(),
    row_mac = desk_row_mac('acs_gateway', NEW.id, NEW.url, NEW.ca_pem, NEW.client_cert_pem, NEW.client_key_sealed, NEW.token_sealed, NEW.seal_key_id, NEW.training, NEW.updated_at)
  WHERE id = NEW.id;
END;
CREATE TRIGGER acs_gateway_sealed_on_update AFTER UPDATE ON acs_gateway
WHEN desk_row_holds('acs_gateway', OLD.id, OLD.url, OLD.ca_pem, OLD.client_cert_pem, OLD.client_key_sealed, OLD.token_sealed, OLD.seal_key_id, OLD.training, OLD.updated_at, OLD.mac_key_id, OLD.row_mac)
BEGIN
  UPDATE acs_gateway SET mac_key_id = desk_row_key_id(),
    row_mac = desk_row_mac('acs_gateway', NEW.id, NEW.url, NEW.ca_pem, NEW.client_cert_pem, NEW.client_key_sealed, NEW.token_sealed, NEW.seal_key_id, NEW.training, NEW.updated_at)
  WHERE id = NEW.id;
END;
`,
};

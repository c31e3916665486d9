import type { Migration } from '../migration.ts';

/**
 * Every card sealed to its cardholder (docs/ACS-GATEWAY.md, "What is sealed"; card-refs.ts).
 *
 * Migration 020 sealed a card's ACS card reference with the card's id, its cardholder and its
 * card number hash, but only for a card that has a reference: a card without one carried no
 * MAC, so a writer without the keys could clear a card's reference (and its MAC) and move the
 * card to another cardholder, whose DOB and postcode then verified a caller for it. Now every
 * card written is sealed: the same MAC (acs_ref_key_id, acs_ref_mac, same label) over the
 * card's id, its reference or null, its cardholder and its card number hash. A reference
 * sealed by 020 keeps its MAC (the values are the same), so cards with references need nothing.
 *
 * A card without a reference written before this migration has no MAC, and no key is held
 * here to give it one — nor should one be given: whoever could write the file may already
 * have moved it, and sealing it now would make that trusted. On a database holding imported
 * ACS data such a card is treated as altered (verification, resets, the ACS refuse it; the lead
 * is alerted; `audit verify` names it) until the import writes it again: re-import the last
 * full export (docs/DEPLOY.md). The importer rewrites every card whose row fails its seal,
 * whatever its as-of time, so the same records repair it. On a database without imported ACS
 * data (a demo or training database built before) an unsealed card without a reference is
 * read as before.
 */
export const m024EveryCardSealed: Migration = {
  version: 24,
  name: 'every card sealed to its cardholder, with or without an ACS reference',
  sql: `
DROP TRIGGER cards_acs_ref_sealed_on_insert;
DROP TRIGGER cards_acs_ref_sealed_on_update;
CREATE TRIGGER cards_sealed_on_insert AFTER INSERT ON cards
BEGIN
  UPDATE cards SET acs_ref_key_id = desk_row_key_id(),
    acs_ref_mac = desk_row_mac('cards.acs_card_ref v2', NEW.id, NEW.acs_card_ref, NEW.cardholder_id, NEW.pan_hash)
  WHERE id = NEW.id;
  UPDATE acs_gateway SET acs_data = 1
  WHERE id = 1 AND acs_data = 0 AND NEW.acs_card_ref IS NOT NULL;
  INSERT OR IGNORE INTO acs_gateway (id, acs_data, updated_at)
    SELECT 1, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE NEW.acs_card_ref IS NOT NULL;
END;
CREATE TRIGGER cards_sealed_on_update AFTER UPDATE OF acs_card_ref, cardholder_id, pan_hash ON cards
BEGIN
  UPDATE cards SET acs_ref_key_id = desk_row_key_id(),
    acs_ref_mac = desk_row_mac('cards.acs_card_ref v2', NEW.id, NEW.acs_card_ref, NEW.cardholder_id, NEW.pan_hash)
  WHERE id = NEW.id;
  UPDATE acs_gateway SET acs_data = 1
  WHERE id = 1 AND acs_data = 0 AND NEW.acs_card_ref IS NOT NULL;
  INSERT OR IGNORE INTO acs_gateway (id, acs_data, updated_at)
    SELECT 1, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE NEW.acs_card_ref IS NOT NULL;
END;
`,
};

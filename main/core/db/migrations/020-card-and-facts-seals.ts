import type { Migration } from '../migration.ts';

/**
 * What a reset decided on a card is checked against, sealed with who the card belongs to
 * (docs/ACS-GATEWAY.md, "What is sealed").
 *
 * cards: the MAC of a card's ACS card reference (migration 017: over the card's id and the
 * reference) now covers the card's cardholder and card number hash too, under its own label
 * ('cards.acs_card_ref v2'). A card moved to another cardholder in the file, keeping its sealed
 * reference, would let that cardholder's DOB and postcode verify a reset of this card's lock at
 * the ACS; moved, its reference no longer verifies, and the card can be neither verified nor
 * sent to the ACS. Writes of the reference, the cardholder or the card number reseal it (the
 * importer's, which give the whole card). References sealed by 017 lose their MAC here: as with
 * 017, a reference without one is refused until the import writes the card again (an import of
 * the same records does: the importer rewrites a card whose reference has no MAC).
 *
 * verification_facts: a MAC (facts_key_id, facts_mac) over the cardholder, the pair hash, the
 * salt, the cost and the pepper key id, computed by the writer that builds the row (the
 * importer, one MAC per row), so another cardholder's row copied in the file verifies nobody.
 * Facts without a MAC (written before this migration) never verify: verification fails closed
 * until the import writes them again (the same records do, as for card references).
 *
 * No key is needed to run this migration: it writes no MAC, only clears the old ones.
 */
export const m020CardAndFactsSeals: Migration = {
  version: 20,
  name: "card references sealed with the card's cardholder and number; verification facts sealed",
  sql: `
DROP TRIGGER cards_acs_ref_sealed_on_insert;
DROP TRIGGER cards_acs_ref_sealed_on_update;
UPDATE cards SET acs_ref_key_id = NULL, acs_ref_mac = NULL WHERE acs_ref_mac IS NOT NULL OR acs_ref_key_id IS NOT NULL;
CREATE TRIGGER cards_acs_ref_sealed_on_insert AFTER INSERT ON cards
WHEN NEW.acs_card_ref IS NOT NULL
BEGIN
  UPDATE cards SET acs_ref_key_id = desk_row_key_id(),
    acs_ref_mac = desk_row_mac('cards.acs_card_ref v2', NEW.id, NEW.acs_card_ref, NEW.cardholder_id, NEW.pan_hash)
  WHERE id = NEW.id;
  UPDATE acs_gateway SET acs_data = 1 WHERE id = 1 AND acs_data = 0;
  INSERT OR IGNORE INTO acs_gateway (id, acs_data, updated_at)
    VALUES (1, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER cards_acs_ref_sealed_on_update AFTER UPDATE OF acs_card_ref, cardholder_id, pan_hash ON cards
BEGIN
  UPDATE cards SET
    acs_ref_key_id = CASE WHEN NEW.acs_card_ref IS NULL THEN NULL ELSE desk_row_key_id() END,
    acs_ref_mac = CASE WHEN NEW.acs_card_ref IS NULL THEN NULL
                       ELSE desk_row_mac('cards.acs_card_ref v2', NEW.id, NEW.acs_card_ref, NEW.cardholder_id, NEW.pan_hash) END
  WHERE id = NEW.id;
  UPDATE acs_gateway SET acs_data = 1
  WHERE id = 1 AND acs_data = 0 AND NEW.acs_card_ref IS NOT NULL;
  INSERT OR IGNORE INTO acs_gateway (id, acs_data, updated_at)
    SELECT 1, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE NEW.acs_card_ref IS NOT NULL;
END;
ALTER TABLE verification_facts ADD COLUMN facts_key_id TEXT;
ALTER TABLE verification_facts ADD COLUMN facts_mac BLOB;
`,
};

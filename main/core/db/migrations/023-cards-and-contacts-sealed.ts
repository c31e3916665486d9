import type { Migration } from '../migration.ts';

/**
 * Every card sealed to its cardholder, and every contact point sealed (docs/ACS-GATEWAY.md,
 * "What is sealed"; card-refs.ts, contacts/contact-seal.ts).
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
 *
 * The card's MAC (label 'cards v3') also binds its public id and its external id: the misses
 * of caller verification are counted from trail entries naming the card's public id, so a card
 * renamed in the file (for a fresh set of DOB and postcode guesses) fails its seal; and the
 * importer finds a card by its external id, so a card given another's external id fails too.
 * Cards sealed by 020 (label 'cards.acs_card_ref v2') fail the new seal until the import writes
 * them again; the importer accepts such a card as the record's when its 020 MAC still holds.
 *
 * cardholders: a MAC (holder_key_id, holder_mac, label 'cardholders v1') over the id, the public
 * id and the external id, through which the importer resolves every record of a cardholder.
 * Two cardholders whose external ids were swapped in the file fail their seals: the importer
 * writes nothing into (or onto) either, and `audit verify` names them.
 *
 * seals_from records where sealing starts: the highest id of a card without a MAC and of a
 * cardholder when the migration ran. Only a card at or below that mark and without a MAC may be
 * read as before (on a database without imported ACS data), and only a cardholder at or below
 * it may be sealed as found by the next import; a MAC that is present but wrong is always
 * altered, and a row above the mark without a MAC had its MAC removed.
 *
 * contact_points: what the reset rule reads of a contact (its cardholder, kind, masked value,
 * value hash and key, status, when it was updated and its value last changed, a pending change)
 * and the as-of time the importer decides by (a time pinned ahead would have it skip the feed
 * bringing a takeover's new number)
 * under a MAC (contact_key_id, contact_mac, label 'contact_points v1'), written by triggers as
 * for cards whenever the import writes the contact. A contact whose change time was moved back
 * in the file (so that a reset right after a takeover is not sent to a lead), or written
 * without the keys, fails its seal: the rule treats it as changed now (the reset goes to a lead)
 * and the lead is alerted; `audit verify` names it. Contacts from before this migration have no
 * MAC and are treated so until the import writes them again (the importer writes a contact
 * whose row fails its seal whatever its as-of time; its change time is then the record's
 * valueChangedAt, else the record's as-of time — none is carried over from a row that cannot
 * be vouched for).
 */
export const m023CardsAndContactsSealed: Migration = {
  version: 23,
  name: 'every card sealed to its cardholder, with or without an ACS reference; contact points sealed',
  sql: `
DROP TRIGGER cards_acs_ref_sealed_on_insert;
DROP TRIGGER cards_acs_ref_sealed_on_update;
CREATE TRIGGER cards_sealed_on_insert AFTER INSERT ON cards
BEGIN
  UPDATE cards SET acs_ref_key_id = desk_row_key_id(),
    acs_ref_mac = desk_row_mac('cards v3', NEW.id, NEW.public_id, NEW.external_id, NEW.acs_card_ref, NEW.cardholder_id, NEW.pan_hash)
  WHERE id = NEW.id;
  UPDATE acs_gateway SET acs_data = 1
  WHERE id = 1 AND acs_data = 0 AND NEW.acs_card_ref IS NOT NULL;
  INSERT OR IGNORE INTO acs_gateway (id, acs_data, updated_at)
    SELECT 1, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE NEW.acs_card_ref IS NOT NULL;
END;
CREATE TRIGGER cards_sealed_on_update AFTER UPDATE OF public_id, external_id, acs_card_ref, cardholder_id, pan_hash ON cards
BEGIN
  UPDATE cards SET acs_ref_key_id = desk_row_key_id(),
    acs_ref_mac = desk_row_mac('cards v3', NEW.id, NEW.public_id, NEW.external_id, NEW.acs_card_ref, NEW.cardholder_id, NEW.pan_hash)
  WHERE id = NEW.id;
  UPDATE acs_gateway SET acs_data = 1
  WHERE id = 1 AND acs_data = 0 AND NEW.acs_card_ref IS NOT NULL;
  INSERT OR IGNORE INTO acs_gateway (id, acs_data, updated_at)
    SELECT 1, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE NEW.acs_card_ref IS NOT NULL;
END;
CREATE TABLE seals_from (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  cards_through   INTEGER NOT NULL,
  holders_through INTEGER NOT NULL,
  at              TEXT -- when an upgrade found rows from before; NULL on a new database
) STRICT;
INSERT INTO seals_from (id, cards_through, holders_through, at)
  SELECT 1, c, h, CASE WHEN c > 0 OR h > 0 THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END
  FROM (SELECT (SELECT coalesce(max(id), 0) FROM cards WHERE acs_ref_mac IS NULL) AS c,
               (SELECT coalesce(max(id), 0) FROM cardholders) AS h);
ALTER TABLE cardholders ADD COLUMN holder_key_id TEXT;
ALTER TABLE cardholders ADD COLUMN holder_mac BLOB;
CREATE TRIGGER cardholders_sealed_on_insert AFTER INSERT ON cardholders
BEGIN
  UPDATE cardholders SET holder_key_id = desk_row_key_id(),
    holder_mac = desk_row_mac('cardholders v1', NEW.id, NEW.public_id, NEW.external_id)
  WHERE id = NEW.id;
END;
CREATE TRIGGER cardholders_sealed_on_update AFTER UPDATE OF public_id, external_id ON cardholders
BEGIN
  UPDATE cardholders SET holder_key_id = desk_row_key_id(),
    holder_mac = desk_row_mac('cardholders v1', NEW.id, NEW.public_id, NEW.external_id)
  WHERE id = NEW.id;
END;
ALTER TABLE contact_points ADD COLUMN contact_key_id TEXT;
ALTER TABLE contact_points ADD COLUMN contact_mac BLOB;
CREATE TRIGGER contact_points_sealed_on_insert AFTER INSERT ON contact_points
BEGIN
  UPDATE contact_points SET contact_key_id = desk_row_key_id(),
    contact_mac = desk_row_mac('contact_points v1', NEW.id, NEW.cardholder_id, NEW.kind, NEW.masked, NEW.value_hash, NEW.value_key_id, NEW.status, NEW.updated_at, NEW.value_changed_at, NEW.pending_masked, NEW.pending_effective_at, NEW.as_of)
  WHERE id = NEW.id;
END;
CREATE TRIGGER contact_points_sealed_on_update AFTER UPDATE OF cardholder_id, kind, masked, value_hash, value_key_id, status, updated_at, value_changed_at, pending_masked, pending_effective_at, as_of ON contact_points
BEGIN
  UPDATE contact_points SET contact_key_id = desk_row_key_id(),
    contact_mac = desk_row_mac('contact_points v1', NEW.id, NEW.cardholder_id, NEW.kind, NEW.masked, NEW.value_hash, NEW.value_key_id, NEW.status, NEW.updated_at, NEW.value_changed_at, NEW.pending_masked, NEW.pending_effective_at, NEW.as_of)
  WHERE id = NEW.id;
END;
`,
};

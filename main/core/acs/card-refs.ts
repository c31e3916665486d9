/**
 * A card's ACS card reference as the network gateway names the card with it: only a
 * reference that matches its seal (migration 020: a MAC over the card's id, the reference, the
 * card's cardholder and its card number hash, written when the import writes the card). A
 * reference changed in the file — another card's, so that a reset decided on this card clears
 * that one — or a card moved to another cardholder (whose DOB and postcode would then verify a
 * reset of this card's lock) is refused before anything is sent (AcsAlteredError), and the
 * lead is alerted once per card. Caller verification refuses such a card too
 * (verification-store.ts).
 */
import type { Db } from '../db/connection.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { rowKeysOf, rowMacHolds, type RowKeyLookup } from '../keys/row-mac.ts';
import type { AcsAlarm } from './acs-alarm.ts';
import { AcsAlteredError } from './acs-errors.ts';

/** What the MAC of a card's reference is labelled with (migration 020's triggers use the same). */
export const CARD_REF_SEAL = 'cards.acs_card_ref v2';

/** The columns a card's reference seal is checked on, as SELECTed. */
export const CARD_REF_COLUMNS =
  'id, cardholder_id, pan_hash, acs_card_ref, acs_ref_key_id, acs_ref_mac';

export interface CardRefRow {
  id: number;
  cardholder_id: number;
  pan_hash: Buffer;
  acs_card_ref: string | null;
  acs_ref_key_id: string | null;
  acs_ref_mac: Buffer | null;
}

/** Whether a card's reference (when it has one) matches its seal; a card without one holds. */
export function cardRefHolds(lookup: RowKeyLookup, row: CardRefRow): boolean {
  if (row.acs_card_ref === null) return true;
  return rowMacHolds(
    lookup,
    CARD_REF_SEAL,
    [row.id, row.acs_card_ref, row.cardholder_id, row.pan_hash],
    row.acs_ref_key_id,
    row.acs_ref_mac,
  );
}

export const CARD_REF_ALTERED =
  "This card's ACS card reference does not match its seal (changed outside Verify Desk, the card moved to another cardholder, or imported before references were sealed): nothing is sent to the ACS for it. Import the card again.";

/** A card's reference columns as read now, and whether they match their seal. */
export interface CheckedCardRef {
  row: CardRefRow;
  holds: boolean;
}

/** Reads one card's reference columns and checks them (undefined: no such card). */
export function cardRefReader(
  db: Db,
  keys: Pick<KeyProvider, 'byId'>,
): (cardId: number) => CheckedCardRef | undefined {
  const rowKeys = rowKeysOf(keys);
  const refOf = db.prepare<[number], CardRefRow>(
    `SELECT ${CARD_REF_COLUMNS} FROM cards WHERE id = ?`,
  );
  return (cardId) => {
    const row = refOf.get(cardId);
    return row && { row, holds: cardRefHolds(rowKeys, row) };
  };
}

/** The card's sealed reference, null when it has none; throws AcsAlteredError when it fails. */
export function sealedCardRefs(
  db: Db,
  keys: Pick<KeyProvider, 'byId'>,
  alarm: AcsAlarm,
): (cardId: number) => string | null {
  const read = cardRefReader(db, keys);
  return (cardId) => {
    const card = read(cardId);
    if (!card?.row.acs_card_ref) return null;
    if (!card.holds) {
      alarm({ table: 'cards', cardId });
      throw new AcsAlteredError(CARD_REF_ALTERED);
    }
    return card.row.acs_card_ref;
  };
}

/**
 * A card's ACS card reference as the network gateway names the card with it: only a
 * reference that matches its seal (migration 017: a MAC over the card's id and the reference,
 * written when the import writes the reference). A reference changed in the file — another
 * card's, so that a reset decided on this card clears that one — is refused before anything
 * is sent (AcsAlteredError), and the lead is alerted once per card.
 */
import type { Db } from '../db/connection.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { rowKeysOf, rowMacHolds } from '../keys/row-mac.ts';
import type { AcsAlarm } from './acs-alarm.ts';
import { AcsAlteredError } from './acs-errors.ts';

/** What the MAC of a card's reference is labelled with (the trigger uses the same). */
export const CARD_REF_SEAL = 'cards.acs_card_ref';

interface RefRow {
  acs_card_ref: string | null;
  acs_ref_key_id: string | null;
  acs_ref_mac: Buffer | null;
}

/** The card's sealed reference, null when it has none; throws AcsAlteredError when it fails. */
export function sealedCardRefs(
  db: Db,
  keys: Pick<KeyProvider, 'byId'>,
  alarm: AcsAlarm,
): (cardId: number) => string | null {
  const rowKeys = rowKeysOf(keys);
  const refOf = db.prepare<[number], RefRow>(
    'SELECT acs_card_ref, acs_ref_key_id, acs_ref_mac FROM cards WHERE id = ?',
  );
  return (cardId) => {
    const row = refOf.get(cardId);
    if (!row?.acs_card_ref) return null;
    if (
      !rowMacHolds(
        rowKeys,
        CARD_REF_SEAL,
        [cardId, row.acs_card_ref],
        row.acs_ref_key_id,
        row.acs_ref_mac,
      )
    ) {
      alarm({ table: 'cards', cardId });
      throw new AcsAlteredError(
        "This card's ACS card reference does not match its seal (changed outside Verify Desk, or imported before references were sealed): nothing is sent to the ACS for it. Import the card again.",
      );
    }
    return row.acs_card_ref;
  };
}

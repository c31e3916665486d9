/**
 * A card as decisions read it, checked against its seal: a MAC over the card's id, its ACS
 * card reference (or null), its cardholder and its card number hash (migration 020 for cards
 * with a reference; migration 023 for every card), written when the import writes the card.
 *
 * A reference changed in the file — another card's, so that a reset decided on this card clears
 * that one — or a card moved to another cardholder (whose DOB and postcode would then verify a
 * caller for it), with or without a reference, fails its seal. Such a card is treated as altered
 * everywhere it decides something: the network gateway refuses it before anything is sent
 * (AcsAlteredError), caller verification refuses it (verification-store.ts), its resets are held
 * (fraud-at-send.ts), and the lead is alerted.
 *
 * The seal (migration 023) also binds the card's public id and external id. A card without a
 * reference and without a MAC written before migration 023 is read as before only on a database
 * that holds no imported ACS data (a demo or training database built earlier); on one that
 * does, it is altered until the import writes it again. A MAC present but wrong is altered.
 */
import type { Db } from '../db/connection.ts';
import { rowCheckMemo } from '../db/row-check-memo.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { rowKeysOf, rowMacHolds, type RowKeyLookup } from '../keys/row-mac.ts';
import type { AcsAlarm } from './acs-alarm.ts';
import { AcsAlteredError } from './acs-errors.ts';
import { AcsSettingsAlteredError, createAcsSettingsStore } from './acs-settings.ts';
import { sealsFrom } from './seals-from.ts';

/** What a card's MAC is labelled with (the triggers of migration 023 use the same). */
export const CARD_SEAL = 'cards v3';

/** The columns a card's seal is checked on, as SELECTed. */
export const CARD_SEAL_COLUMNS =
  'id, public_id, external_id, cardholder_id, pan_hash, acs_card_ref, acs_ref_key_id, acs_ref_mac';

export interface CardSealRow {
  id: number;
  public_id: string;
  external_id: string | null;
  cardholder_id: number;
  pan_hash: Buffer;
  acs_card_ref: string | null;
  acs_ref_key_id: string | null;
  acs_ref_mac: Buffer | null;
}

/**
 * Whether a card's row (with or without a reference) matches its MAC: its id, public id and
 * external id, reference, cardholder and card number hash. The public id is what the trail's
 * verification entries name (misses are counted by it), the external id what the importer
 * finds the card by: neither can be changed in the file without the card failing its seal.
 */
export function cardSealHolds(lookup: RowKeyLookup, row: CardSealRow): boolean {
  return rowMacHolds(
    lookup,
    CARD_SEAL,
    [row.id, row.public_id, row.external_id, row.acs_card_ref, row.cardholder_id, row.pan_hash],
    row.acs_ref_key_id,
    row.acs_ref_mac,
  );
}

/**
 * Whether a card whose row fails its MAC may still be read as it is: only one without a
 * reference and without any MAC, written before migration 023 (seals_from), on a database that
 * holds no imported ACS data. A MAC present but wrong is always altered.
 */
export function unsealedCardAllowed(
  row: CardSealRow,
  holdsAcsData: () => boolean,
  cardsThrough: () => number,
): boolean {
  return (
    row.acs_card_ref === null &&
    row.acs_ref_mac === null &&
    row.id <= cardsThrough() &&
    !holdsAcsData()
  );
}

export const CARD_ALTERED =
  "This card's record does not match its seal (changed outside Verify Desk, moved to another cardholder, or imported before every card was sealed): nothing is decided or sent to the ACS for it. Import the card again.";

/** A card's sealed columns as read now, and whether they match their seal. */
export interface CheckedCard {
  row: CardSealRow;
  holds: boolean;
}

/**
 * Whether the database holds imported ACS data, as the gateway settings say (acs-settings.ts);
 * a gateway row that fails its seal says it may, so an unsealed card is not let through.
 */
export function acsDataHeld(db: Db, keys: KeyProvider): () => boolean {
  const settings = createAcsSettingsStore(db, keys);
  return () => {
    try {
      return settings.holdsImportedAcsData();
    } catch (error) {
      if (error instanceof AcsSettingsAlteredError) return true;
      throw error;
    }
  };
}

/**
 * Reads one card's sealed columns and checks them (undefined: no such card). The row is read
 * afresh every call; its MAC verdict is remembered by content (row-check-memo.ts).
 */
export function cardRefReader(
  db: Db,
  keys: KeyProvider,
): (cardId: number) => CheckedCard | undefined {
  const rowKeys = rowKeysOf(keys);
  const sealed = rowCheckMemo<CardSealRow>((row) => cardSealHolds(rowKeys, row));
  const holdsAcsData = acsDataHeld(db, keys);
  const from = sealsFrom(db, keys);
  const cardsThrough = () => from().cards;
  const cardOf = db.prepare<[number], CardSealRow>(
    `SELECT ${CARD_SEAL_COLUMNS} FROM cards WHERE id = ?`,
  );
  return (cardId) => {
    const row = cardOf.get(cardId);
    return (
      row && { row, holds: sealed(row) || unsealedCardAllowed(row, holdsAcsData, cardsThrough) }
    );
  };
}

/**
 * The card's sealed reference, null when it has none; throws AcsAlteredError (the lead alerted)
 * when the card fails its seal, reference or not, before anything is sent.
 */
export function sealedCardRefs(
  db: Db,
  keys: KeyProvider,
  alarm: AcsAlarm,
): (cardId: number) => string | null {
  const read = cardRefReader(db, keys);
  return (cardId) => {
    const card = read(cardId);
    if (!card) return null;
    if (!card.holds) {
      alarm({ table: 'cards', cardId });
      throw new AcsAlteredError(CARD_ALTERED);
    }
    return card.row.acs_card_ref;
  };
}

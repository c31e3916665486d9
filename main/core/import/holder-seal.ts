/**
 * A cardholder's identity sealed (migration 023): a MAC over the row's id, its public id and its
 * external id, written by triggers whenever the import writes them. The importer finds every
 * record's cardholder by its external id and writes what the record says into the row found —
 * facts sealed to the row's id, cards moved onto it — so an external id changed in the file
 * (two cardholders' swapped, say) would have one cardholder's facts and cards written onto
 * another's. A row failing its seal is refused by the importer ('cardholder-altered') and named
 * by `audit verify`.
 */
import { rowMacHolds, type RowKeyLookup } from '../keys/row-mac.ts';

/** What a cardholder's MAC is labelled with (the triggers of migration 023 use the same). */
export const HOLDER_SEAL = 'cardholders v1';

/** The columns a cardholder's seal is checked on, as SELECTed. */
export const HOLDER_SEAL_COLUMNS = 'id, public_id, external_id, holder_key_id, holder_mac';

export interface HolderSealRow {
  id: number;
  public_id: string;
  external_id: string | null;
  holder_key_id: string | null;
  holder_mac: Buffer | null;
}

export function holderSealHolds(lookup: RowKeyLookup, row: HolderSealRow): boolean {
  return rowMacHolds(
    lookup,
    HOLDER_SEAL,
    [row.id, row.public_id, row.external_id],
    row.holder_key_id,
    row.holder_mac,
  );
}

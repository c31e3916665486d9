/**
 * The seal of a contact point (migration 023): a row MAC (row-mac.ts) over what the reset rule
 * and the contact check read of it — its id, cardholder, kind, masked value, value hash and its
 * key, status, when it was updated and its value last changed, a pending change, and the as-of
 * time by which the importer decides whether a record is newer — written by triggers whenever
 * the import writes the contact. A change time moved back in the file, a
 * pending change removed, a value or row copied from another cardholder, or a row written
 * without the keys does not verify.
 */
import { rowMacHolds, type RowKeyLookup } from '../keys/row-mac.ts';

/** What a contact's MAC is labelled with (migration 023's triggers use the same). */
export const CONTACT_SEAL = 'contact_points v1';

/** The columns a contact's seal is checked on, as SELECTed. */
export const CONTACT_SEAL_COLUMNS = `id, cardholder_id, kind, masked, value_hash, value_key_id,
  status, updated_at, value_changed_at, pending_masked, pending_effective_at, as_of,
  contact_key_id, contact_mac`;

export interface ContactSealRow {
  id: number;
  cardholder_id: number;
  kind: string;
  masked: string;
  value_hash: Buffer;
  value_key_id: string;
  status: string;
  updated_at: string;
  value_changed_at: string | null;
  pending_masked: string | null;
  pending_effective_at: string | null;
  as_of: string | null;
  contact_key_id: string | null;
  contact_mac: Buffer | null;
}

/** Whether a contact's row as read matches its MAC. */
export function contactSealHolds(lookup: RowKeyLookup, row: ContactSealRow): boolean {
  return rowMacHolds(
    lookup,
    CONTACT_SEAL,
    [
      row.id,
      row.cardholder_id,
      row.kind,
      row.masked,
      row.value_hash,
      row.value_key_id,
      row.status,
      row.updated_at,
      row.value_changed_at,
      row.pending_masked,
      row.pending_effective_at,
      row.as_of,
    ],
    row.contact_key_id,
    row.contact_mac,
  );
}

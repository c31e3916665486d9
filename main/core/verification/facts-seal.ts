/**
 * The seal of a cardholder's verification facts: a row MAC (row-mac.ts) written by whoever
 * builds the row with the keys (the importer: one MAC per row). Another cardholder's row copied
 * in the file — so that an accomplice's DOB and postcode verify a caller for this cardholder —
 * or a row written without the keys does not verify, and verification against it fails closed.
 *
 * Two versions, told apart by their label:
 * - v2 (written from this version on): the cardholder, the pair hash, its salt, the cost, the
 *   pepper key id and the as-of time of the record the facts came from, so the as-of time the
 *   importer's precedence reads cannot be moved ahead in the file (to have a newer feed's facts
 *   skipped) without the row failing its seal;
 * - v1 (migration 020, rows written before): the same without the as-of time. Such a row still
 *   verifies a caller while the trail records no facts change for the cardholder
 *   (facts-trail.ts); the importer writes it again from the first record for it, whatever the
 *   as-of time the row shows (which nothing vouches for).
 */
import { createHash } from 'node:crypto';
import { rowMac, rowMacHolds, rowMacKey, type RowKeyLookup } from '../keys/row-mac.ts';
import type { KeyProvider, PurposeKey } from '../keys/key-provider.ts';
import type { VerificationHash } from './verification-hash.ts';

/** The v1 label (migration 020: content only). */
export const FACTS_SEAL = 'verification_facts';
/** The v2 label (content and as-of time). */
export const FACTS_SEAL_V2 = 'verification_facts v2';

/** The columns a facts row's seal is checked on, as SELECTed. */
export const FACTS_SEAL_COLUMNS =
  'cardholder_id, pair_hash, salt, cost, pepper_key_id, as_of, facts_key_id, facts_mac';

export interface FactsSealRow {
  cardholder_id: number;
  pair_hash: Buffer;
  salt: Buffer;
  cost: string;
  pepper_key_id: string;
  as_of: string | null;
  facts_key_id: string | null;
  facts_mac: Buffer | null;
}

const contentOf = (cardholderId: number, hash: VerificationHash) => [
  cardholderId,
  hash.pairHash,
  hash.salt,
  hash.cost,
  hash.pepperKeyId,
];

/** The hash as a row holds it. */
export const hashOf = (row: FactsSealRow): VerificationHash => ({
  pairHash: row.pair_hash,
  salt: row.salt,
  cost: row.cost,
  pepperKeyId: row.pepper_key_id,
});

/** Seals facts (v2) with the current audit key's row-MAC key (derived once per key id). */
export function factsSealer(
  keys: Pick<KeyProvider, 'current'>,
): (
  cardholderId: number,
  hash: VerificationHash,
  asOf: string,
) => { factsKeyId: string; factsMac: Buffer } {
  const derived = new Map<string, PurposeKey>();
  return (cardholderId, hash, asOf) => {
    const audit = keys.current('audit');
    let key = derived.get(audit.id);
    if (!key) derived.set(audit.id, (key = rowMacKey(audit)));
    return {
      factsKeyId: key.id,
      factsMac: rowMac(key, FACTS_SEAL_V2, [...contentOf(cardholderId, hash), asOf]),
    };
  };
}

/**
 * Which seal a facts row as read holds: 'v2' (its as-of time sealed too), 'v1' (written before
 * the as-of time was sealed), or null (altered, copied from another cardholder, or unsealed).
 */
export function factsSeal(lookup: RowKeyLookup, row: FactsSealRow): 'v2' | 'v1' | null {
  const content = contentOf(row.cardholder_id, hashOf(row));
  if (
    row.as_of !== null &&
    rowMacHolds(lookup, FACTS_SEAL_V2, [...content, row.as_of], row.facts_key_id, row.facts_mac)
  )
    return 'v2';
  return rowMacHolds(lookup, FACTS_SEAL, content, row.facts_key_id, row.facts_mac) ? 'v1' : null;
}

/**
 * The digest of a facts row an `import.facts-changed` entry carries (hex): of its v2 MAC and the
 * key it was made under — so of everything the MAC covers, keyed, with nothing of the DOB or
 * postcode (not even their hash) in the trail.
 */
export function factsDigest(row: Pick<FactsSealRow, 'facts_key_id' | 'facts_mac'>): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        'verification facts v2',
        row.facts_key_id,
        row.facts_mac ? row.facts_mac.toString('hex') : null,
      ]),
    )
    .digest('hex');
}

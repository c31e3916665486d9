/**
 * The seal of a cardholder's verification facts (migration 020): a row MAC (row-mac.ts) over the
 * cardholder, the pair hash, its salt, the cost and the pepper key id, written by whoever builds
 * the row with the keys (the importer: one MAC per row). Another cardholder's row copied in the
 * file — so that an accomplice's DOB and postcode verify a caller for this cardholder — or a
 * row written without the keys does not verify, and verification against it fails closed.
 */
import { rowMac, rowMacHolds, rowMacKey, type RowKeyLookup } from '../keys/row-mac.ts';
import type { KeyProvider, PurposeKey } from '../keys/key-provider.ts';
import type { VerificationHash } from './verification-hash.ts';

export const FACTS_SEAL = 'verification_facts';

const valuesOf = (cardholderId: number, hash: VerificationHash) => [
  cardholderId,
  hash.pairHash,
  hash.salt,
  hash.cost,
  hash.pepperKeyId,
];

/** Seals facts with the current audit key's row-MAC key (derived once per key id). */
export function factsSealer(
  keys: Pick<KeyProvider, 'current'>,
): (cardholderId: number, hash: VerificationHash) => { factsKeyId: string; factsMac: Buffer } {
  const derived = new Map<string, PurposeKey>();
  return (cardholderId, hash) => {
    const audit = keys.current('audit');
    let key = derived.get(audit.id);
    if (!key) derived.set(audit.id, (key = rowMacKey(audit)));
    return { factsKeyId: key.id, factsMac: rowMac(key, FACTS_SEAL, valuesOf(cardholderId, hash)) };
  };
}

/** Whether facts as read match their seal. */
export function factsHold(
  lookup: RowKeyLookup,
  cardholderId: number,
  hash: VerificationHash,
  keyId: string | null,
  mac: Buffer | null,
): boolean {
  return rowMacHolds(lookup, FACTS_SEAL, valuesOf(cardholderId, hash), keyId, mac);
}

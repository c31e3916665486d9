/** The stored DOB + postcode hash of a cardholder, read only to match one opened card. */
import type { Db } from '../db/connection.ts';
import type { VerificationHash } from './verification-hash.ts';

export interface VerificationStore {
  factsOf(cardholderId: number): VerificationHash | null;
}

export function createVerificationStore(db: Db): VerificationStore {
  const facts = db.prepare<
    [number],
    { pair_hash: Buffer; salt: Buffer; cost: string; pepper_key_id: string }
  >('SELECT pair_hash, salt, cost, pepper_key_id FROM verification_facts WHERE cardholder_id = ?');
  return {
    factsOf(cardholderId) {
      const row = facts.get(cardholderId);
      return row
        ? {
            pairHash: row.pair_hash,
            salt: row.salt,
            cost: row.cost,
            pepperKeyId: row.pepper_key_id,
          }
        : null;
    },
  };
}

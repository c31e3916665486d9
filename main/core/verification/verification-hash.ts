/**
 * DOB and postcode are kept only as one salted slow hash of the pair: scrypt over an HMAC
 * of both with the verification key (the pepper). A stolen database alone cannot be
 * brute-forced without the key, and even with it each guess costs a scrypt; because the
 * pair is hashed together, no one can learn which half a caller got wrong.
 */
import { createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { hmacKey } from '../crypto/hmac-key.ts';
import { scryptAsync as scrypt } from '../crypto/scrypt.ts';
import type { KeyProvider, PurposeKey } from '../keys/key-provider.ts';

/** Stored with each hash so the cost can be raised later without invalidating old rows. */
export const VERIFICATION_COST = 'scrypt:ln=14,r=8,p=1';
const KEY_LENGTH = 32;

export interface VerificationHash {
  pairHash: Buffer;
  salt: Buffer;
  cost: string;
  pepperKeyId: string;
}

function parseCost(cost: string): { N: number; r: number; p: number } {
  const match = /^scrypt:ln=(\d{1,2}),r=(\d{1,2}),p=(\d)$/u.exec(cost);
  if (!match) throw new Error(`Unknown verification hash cost "${cost}".`);
  return { N: 2 ** Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
}

/** Whether a cost string is one this code can hash with (`scrypt:ln=..,r=..,p=..`). */
export function isVerificationCost(cost: string): boolean {
  try {
    parseCost(cost);
    return true;
  } catch {
    return false;
  }
}

function peppered(pepperSecret: Uint8Array, dob: string, postcode: string): Buffer {
  return createHmac('sha256', hmacKey(pepperSecret))
    .update(`verify-desk:dob-postcode\u0000${dob}\u0000${postcode}`, 'utf8')
    .digest();
}

async function derive(
  pepper: PurposeKey,
  dob: string,
  postcode: string,
  salt: Buffer,
  cost: string,
) {
  const { N, r, p } = parseCost(cost);
  return scrypt(peppered(pepper.secret, dob, postcode), salt, KEY_LENGTH, {
    N,
    r,
    p,
    maxmem: 256 * N * r,
  });
}

/** The same hash, computed synchronously: for a worker thread that does nothing else. */
export function derivePairHashSync(
  pepperSecret: Uint8Array,
  dob: string,
  postcode: string,
  salt: Uint8Array,
  cost: string,
): Buffer {
  const { N, r, p } = parseCost(cost);
  return scryptSync(peppered(pepperSecret, dob, postcode), salt, KEY_LENGTH, {
    N,
    r,
    p,
    maxmem: 256 * N * r,
  });
}

/** Hashes a normalised DOB (YYYY-MM-DD) and postcode (7 digits) for storage. */
export async function hashVerificationPair(
  keys: KeyProvider,
  dob: string,
  postcode: string,
  salt: Buffer = randomBytes(16),
  /** Only a database made as a benchmark (desk-admin demo --benchmark) passes another cost. */
  cost: string = VERIFICATION_COST,
): Promise<VerificationHash> {
  const pepper = keys.current('verification');
  return {
    pairHash: await derive(pepper, dob, postcode, salt, cost),
    salt,
    cost,
    pepperKeyId: pepper.id,
  };
}

/** Whether a normalised DOB and postcode match the stored pair, compared in constant time. */
export async function matchesVerificationPair(
  keys: KeyProvider,
  stored: VerificationHash,
  dob: string,
  postcode: string,
): Promise<boolean> {
  const pepper = keys.byId('verification', stored.pepperKeyId);
  const candidate = await derive(pepper, dob, postcode, stored.salt, stored.cost);
  return candidate.length === stored.pairHash.length && timingSafeEqual(candidate, stored.pairHash);
}

/**
 * Keyed hashes for search and match: HMAC-SHA256 with the lookup key, domain-separated so a
 * card number's hash can never equal a phone number's. Without the key the hashes say
 * nothing; with it, a value can be matched but not read back.
 */
import { createHmac } from 'node:crypto';
import { hmacKey } from './hmac-key.ts';
import type { KeyProvider, PurposeKey } from '../keys/key-provider.ts';

export type LookupDomain = 'pan' | 'mobile' | 'email' | 'customer-ref' | 'search';

export interface LookupHash {
  hash: Buffer;
  keyId: string;
}

export function lookupHashWith(key: PurposeKey, domain: LookupDomain, value: string): Buffer {
  return createHmac('sha256', hmacKey(key.secret))
    .update(`verify-desk:${domain}\u0000${value}`, 'utf8')
    .digest();
}

/** Hash with the current lookup key (new values, search terms logged in the audit trail). */
export function lookupHash(keys: KeyProvider, domain: LookupDomain, value: string): LookupHash {
  const key = keys.current('lookup');
  return { hash: lookupHashWith(key, domain, value), keyId: key.id };
}

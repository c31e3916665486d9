/**
 * A key set: for each purpose, its keys oldest first; the last one is current (rotation
 * appends). Key ids are derived from the key itself, so an id can never point at the wrong
 * secret and a key store cannot mislabel a key without it being noticed.
 */
import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import {
  KEY_PURPOSES,
  KeyError,
  type KeyProvider,
  type KeyPurpose,
  type PurposeKey,
} from './key-provider.ts';

export const KEY_BYTES = 32;

export type KeySet = { readonly [P in KeyPurpose]: readonly PurposeKey[] };

/** Source of random bytes; injected so tests can make predictable sets. */
export type RandomBytes = (size: number) => Buffer;

/**
 * "audit-3f9a1c2b7d10": the purpose, then 12 hex of SHA-256 over a domain-separated label and
 * the secret. Non-secret (a 256-bit random secret cannot be recovered from its hash) and
 * stable, so it is stored beside every keyed value.
 */
export function keyIdOf(purpose: KeyPurpose, secret: Buffer): string {
  const digest = createHash('sha256')
    .update(`verify-desk key-id v1\u0000${purpose}\u0000`, 'utf8')
    .update(secret)
    .digest('hex');
  return `${purpose}-${digest.slice(0, 12)}`;
}

export function purposeKey(purpose: KeyPurpose, secret: Buffer): PurposeKey {
  if (secret.length !== KEY_BYTES) {
    throw new KeyError(`A ${purpose} key must be ${KEY_BYTES} bytes, not ${secret.length}.`);
  }
  return Object.freeze({ purpose, id: keyIdOf(purpose, secret), secret: Buffer.from(secret) });
}

/** Fresh keys for a new database: one random key per purpose. */
export function createKeySet(random: RandomBytes = randomBytes): KeySet {
  return buildKeySet((purpose) => [purposeKey(purpose, random(KEY_BYTES))]);
}

/**
 * Deterministic keys from a seed string (HKDF-SHA256), for demo and training databases that
 * must come out identical from the same seed. Never for real cardholder data: anyone who
 * knows the seed has the keys.
 */
export function deriveKeySet(seed: string): KeySet {
  return buildKeySet((purpose) => {
    const okm = hkdfSync(
      'sha256',
      seed,
      'verify-desk demo keys v1',
      `verify-desk:${purpose}:0`,
      KEY_BYTES,
    );
    return [purposeKey(purpose, Buffer.from(okm))];
  });
}

/**
 * The password key of a key store written before that purpose existed (it lists none): derived
 * from its first audit key (HKDF-SHA256, a label of its own), so every process reading the
 * store gets the same key without writing it, and it is as secret as the keys it sits with.
 * The store's next rewrite lists it; a rotation appends a random one after it.
 */
export function derivedPasswordKey(firstAuditKey: PurposeKey): PurposeKey {
  const okm = hkdfSync(
    'sha256',
    firstAuditKey.secret,
    'verify-desk password key v1',
    'verify-desk:password:0',
    KEY_BYTES,
  );
  return purposeKey('password', Buffer.from(okm));
}

/** The same set with a new current key for one purpose; older keys stay for checking old values. */
export function rotateKey(
  set: KeySet,
  purpose: KeyPurpose,
  random: RandomBytes = randomBytes,
): KeySet {
  const added = purposeKey(purpose, random(KEY_BYTES));
  return buildKeySet((p) => (p === purpose ? [...set[p], added] : set[p]));
}

/** The current key id per purpose (what a database records at init). */
export function currentKeyIds(set: KeySet): Record<KeyPurpose, string> {
  return Object.fromEntries(KEY_PURPOSES.map((p) => [p, currentOf(set, p).id])) as Record<
    KeyPurpose,
    string
  >;
}

/**
 * A KeyProvider over a key set. `source` says where the keys came from ("key file
 * "/srv/desk.key"") so a missing key names the place to look.
 */
export function keySetProvider(set: KeySet, source: string): KeyProvider {
  return {
    current: (purpose) => currentOf(set, purpose),
    all: (purpose) => set[purpose],
    byId(purpose, id) {
      const key = set[purpose].find((candidate) => candidate.id === id);
      if (!key) {
        const held = set[purpose].map((k) => k.id).join(', ');
        throw new KeyError(`The ${source} has no ${purpose} key with id ${id} (it holds ${held}).`);
      }
      return key;
    },
  };
}

function currentOf(set: KeySet, purpose: KeyPurpose): PurposeKey {
  const key = set[purpose].at(-1);
  if (!key) throw new KeyError(`The key set has no ${purpose} key.`);
  return key;
}

/** A frozen key set from each purpose's keys, oldest first. */
export function buildKeySet(keysFor: (purpose: KeyPurpose) => readonly PurposeKey[]): KeySet {
  const set = Object.fromEntries(KEY_PURPOSES.map((p) => [p, Object.freeze([...keysFor(p)])]));
  return Object.freeze(set) as KeySet;
}

/**
 * Operator passwords: PCI DSS 8.3.6 rules at creation, scrypt with a per-user salt, compared
 * in constant time. The cost meets the OWASP Password Storage Cheat Sheet's scrypt minimum
 * (N=2^17, r=8, p=1). The stored string describes its own parameters, so a hash made at a
 * lower cost still verifies and is raised at the operator's next successful sign-in.
 *
 * Peppered: scrypt runs over HMAC-SHA256(the key store's "password" key, password), so the
 * database file alone (a copied backup, a stolen laptop's file) does not let anyone test
 * guesses offline; they need the key store too. The key's id is in the stored string
 * (`scrypt$k=password-…,ln=…`), so the key rotates as the others do: an older key still
 * checks its hashes, and a hash made with it — or an unkeyed one from before the pepper
 * (`scrypt$ln=…`) — is rehashed with the current key at the next successful sign-in.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { scryptAsync as scrypt } from '../crypto/scrypt.ts';
import { KeyError, type KeyProvider, type PurposeKey } from '../keys/key-provider.ts';

/** The keys a password is peppered with: the current one for new hashes, older ones by id. */
export type PasswordKeys = Pick<KeyProvider, 'current' | 'byId'>;

/** scrypt's cost as stored with each hash: N = 2^logN, block size r, parallelism p. */
export interface PasswordCost {
  logN: number;
  r: number;
  p: number;
}

/** OWASP's scrypt minimum. Tests and the test demo may pass a lower cost explicitly. */
export const PASSWORD_COST: PasswordCost = { logN: 17, r: 8, p: 1 };
const KEY_LENGTH = 32;
/** scrypt needs 128·N·r bytes: 128 MiB at the OWASP cost; a stored cost above this fails. */
const MAX_MEM = 256 * 1024 * 1024;

export const PASSWORD_MIN_LENGTH = 12;

/** Why a new password is refused, or null when it may be set (PCI DSS 8.3.6). */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `A password needs at least ${PASSWORD_MIN_LENGTH} characters.`;
  }
  if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password)) {
    return 'A password needs both letters and digits.';
  }
  return null;
}

/** What scrypt is run over: the password (NFKC), keyed with the pepper when there is one. */
function scryptInput(password: string, key: PurposeKey | null): string | Buffer {
  const normalized = password.normalize('NFKC');
  return key ? createHmac('sha256', key.secret).update(normalized, 'utf8').digest() : normalized;
}

export async function hashPassword(
  password: string,
  keys: PasswordKeys,
  salt: Buffer = randomBytes(16),
  cost: PasswordCost = PASSWORD_COST,
): Promise<string> {
  const key = keys.current('password');
  const hash = await scrypt(scryptInput(password, key), salt, KEY_LENGTH, {
    N: 2 ** cost.logN,
    r: cost.r,
    p: cost.p,
    maxmem: MAX_MEM,
  });
  return `scrypt$k=${key.id},ln=${cost.logN},r=${cost.r},p=${cost.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** With the pepper's key id (`k=`), or without (a hash from before the pepper). */
const STORED =
  /^scrypt\$(?:k=(password-[0-9a-f]{12}),)?ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/u;

interface Stored {
  keyId: string | null;
  cost: PasswordCost;
  salt: Buffer;
  hash: Buffer;
}

function parseStored(stored: string): Stored | null {
  const match = STORED.exec(stored);
  if (!match) return null;
  const [, keyId, ln, r, p, salt, hash] = match as unknown as [
    string,
    string | undefined,
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    keyId: keyId ?? null,
    cost: { logN: Number(ln), r: Number(r), p: Number(p) },
    salt: Buffer.from(salt, 'base64'),
    hash: Buffer.from(hash, 'base64'),
  };
}

/** The cost a stored hash was made with, or null when the string is not one of ours. */
export function storedCost(stored: string): PasswordCost | null {
  return parseStored(stored)?.cost ?? null;
}

/**
 * Whether a stored hash should be made again at the next sign-in: below the cost passwords are
 * hashed with now, made without the pepper, or with a pepper key that is no longer current.
 */
export function needsRehash(
  stored: string,
  keys: PasswordKeys,
  cost: PasswordCost = PASSWORD_COST,
): boolean {
  const was = parseStored(stored);
  if (!was || was.keyId !== keys.current('password').id) return true;
  return was.cost.logN < cost.logN || was.cost.r < cost.r || was.cost.p < cost.p;
}

/**
 * A hash nobody's password matches, at the given cost: checked when the username does not
 * exist, so an unknown username costs the same as a wrong password.
 */
export function decoyHash(keys: PasswordKeys, cost: PasswordCost = PASSWORD_COST): string {
  return `scrypt$k=${keys.current('password').id},ln=${cost.logN},r=${cost.r},p=${cost.p}$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`;
}

/**
 * Whether `password` is the one `stored` was made from. A peppered hash needs its key: one this
 * key store does not hold (another database's hash) never matches.
 */
export async function verifyPassword(
  password: string,
  stored: string,
  keys: PasswordKeys,
): Promise<boolean> {
  const parsed = parseStored(stored);
  if (!parsed) return false;
  let key: PurposeKey | null = null;
  let known = true;
  if (parsed.keyId !== null) {
    try {
      key = keys.byId('password', parsed.keyId);
    } catch (error) {
      if (!(error instanceof KeyError)) throw error;
      known = false; // still hashed below: the refusal costs what a wrong password does
    }
  }
  const actual = await scrypt(scryptInput(password, key), parsed.salt, parsed.hash.length, {
    N: 2 ** parsed.cost.logN,
    r: parsed.cost.r,
    p: parsed.cost.p,
    maxmem: MAX_MEM,
  });
  return known && actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash);
}

/**
 * What the trail records of a stored password: a SHA-256 of its hash and the time it was set
 * (in operator.create and operator.password-rehash entries). A row whose hash or time differs
 * from the newest such entry was changed outside Verify Desk, or copied in from another copy of
 * the database made with the same keys. The hash itself never enters the trail.
 */
export function passwordDigest(passwordHash: string, changedAt: string): string {
  return createHash('sha256').update(`${passwordHash}\n${changedAt}`).digest('hex');
}

/**
 * Operator passwords: PCI DSS 8.3.6 rules at creation, scrypt with a per-user salt, compared
 * in constant time. The cost meets the OWASP Password Storage Cheat Sheet's scrypt minimum
 * (N=2^17, r=8, p=1). The stored string describes its own parameters, so a hash made at a
 * lower cost still verifies and is raised at the operator's next successful sign-in.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { scryptAsync as scrypt } from '../crypto/scrypt.ts';

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

export async function hashPassword(
  password: string,
  salt: Buffer = randomBytes(16),
  cost: PasswordCost = PASSWORD_COST,
): Promise<string> {
  const hash = await scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, {
    N: 2 ** cost.logN,
    r: cost.r,
    p: cost.p,
    maxmem: MAX_MEM,
  });
  return `scrypt$ln=${cost.logN},r=${cost.r},p=${cost.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

const STORED = /^scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/u;

/** The cost a stored hash was made with, or null when the string is not one of ours. */
export function storedCost(stored: string): PasswordCost | null {
  const match = STORED.exec(stored);
  return match ? { logN: Number(match[1]), r: Number(match[2]), p: Number(match[3]) } : null;
}

/** Whether a stored hash is below the cost passwords are hashed with now (upgrade it). */
export function needsRehash(stored: string, cost: PasswordCost = PASSWORD_COST): boolean {
  const was = storedCost(stored);
  return !was || was.logN < cost.logN || was.r < cost.r || was.p < cost.p;
}

/**
 * A hash nobody's password matches, at the given cost: checked when the username does not
 * exist, so an unknown username costs the same as a wrong password.
 */
export function decoyHash(cost: PasswordCost = PASSWORD_COST): string {
  return `scrypt$ln=${cost.logN},r=${cost.r},p=${cost.p}$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = STORED.exec(stored);
  if (!match) return false;
  const [, ln, r, p, salt, hash] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(
    password.normalize('NFKC'),
    Buffer.from(salt, 'base64'),
    expected.length,
    {
      N: 2 ** Number(ln),
      r: Number(r),
      p: Number(p),
      maxmem: MAX_MEM,
    },
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Checked against when the username does not exist, so an unknown username costs the same
 * time as a wrong password and timing does not reveal which usernames exist.
 */
export const UNKNOWN_USER_HASH = decoyHash(PASSWORD_COST);

/**
 * What the trail records of a stored password: a SHA-256 of its hash and the time it was set
 * (in operator.create and operator.password-rehash entries). A row whose hash or time differs
 * from the newest such entry was changed outside Verify Desk, or copied in from another copy of
 * the database made with the same keys. The hash itself never enters the trail.
 */
export function passwordDigest(passwordHash: string, changedAt: string): string {
  return createHash('sha256').update(`${passwordHash}\n${changedAt}`).digest('hex');
}

/**
 * Operator passwords: PCI DSS 8.3.6 rules at creation, scrypt with a per-user salt, compared
 * in constant time. The stored string describes its own parameters so they can be raised
 * later without invalidating existing passwords.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { scryptAsync as scrypt } from '../crypto/scrypt.ts';

const LOG_N = 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEM = 64 * 1024 * 1024;

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
): Promise<string> {
  const hash = await scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, {
    N: 2 ** LOG_N,
    r: R,
    p: P,
    maxmem: MAX_MEM,
  });
  return `scrypt$ln=${LOG_N},r=${R},p=${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = /^scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/u.exec(
    stored,
  );
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
export const UNKNOWN_USER_HASH =
  'scrypt$ln=15,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/**
 * MACs of security-relevant rows (operators, policy, lockouts, approval requests, resets).
 * The key is derived from an audit key (HKDF, its own label), so it rotates with it and a
 * row records the audit key id it was sealed under; the MAC covers the table, the row's
 * key and the columns that decide something, so a row cannot be moved to another card or
 * operator, edited, or given another row's MAC.
 */
import { hkdfSync, timingSafeEqual } from 'node:crypto';
import { hmacSha256 } from '../crypto/padded-hmac.ts';
import { KeyError, type KeyProvider, type PurposeKey } from './key-provider.ts';

export type RowValue = string | number | bigint | Uint8Array | null;

/** The row-MAC key under an audit key: same id (what rows record), another secret. */
export function rowMacKey(auditKey: Pick<PurposeKey, 'id' | 'secret'>): PurposeKey {
  const secret = Buffer.from(
    hkdfSync('sha256', auditKey.secret, 'verify-desk row mac v1', auditKey.id, 32),
  );
  return Object.freeze({ purpose: 'audit', id: auditKey.id, secret });
}

export function rowMac(
  key: Pick<PurposeKey, 'secret'>,
  table: string,
  values: readonly RowValue[],
): Buffer {
  const text = JSON.stringify(['verify-desk row v1', table, ...values.map(plain)]);
  return hmacSha256(key.secret, text);
}

function plain(value: RowValue): string | number | null | [string, string] {
  // Integers above 2^53 do not occur in these columns; a bigint is compared as its digits.
  if (typeof value === 'bigint') return value.toString();
  // A BLOB (a sealed secret): its bytes, marked so that no text can stand for them.
  if (value instanceof Uint8Array) return ['blob', Buffer.from(value).toString('hex')];
  return value;
}

/** A source of row-MAC keys by id: a key provider, or the plain keys a worker receives. */
export type RowKeyLookup = (keyId: string) => Pick<PurposeKey, 'secret'> | null;

export function rowKeysOf(keys: Pick<KeyProvider, 'byId'>): RowKeyLookup {
  const cache = new Map<string, PurposeKey | null>();
  return (id) => {
    if (!cache.has(id)) {
      try {
        cache.set(id, rowMacKey(keys.byId('audit', id)));
      } catch (error) {
        if (!(error instanceof KeyError)) throw error;
        cache.set(id, null);
      }
    }
    return cache.get(id) ?? null;
  };
}

/** true when the row was sealed by a held key and has not changed since. */
export function rowMacHolds(
  lookup: RowKeyLookup,
  table: string,
  values: readonly RowValue[],
  keyId: string | null,
  mac: Buffer | null,
): boolean {
  if (keyId === null || mac === null || mac.length !== 32) return false;
  const key = lookup(keyId);
  if (!key) return false;
  return timingSafeEqual(rowMac(key, table, values), mac);
}

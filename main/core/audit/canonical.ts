/**
 * The bytes an audit entry's MAC covers, defined so another implementation can verify the
 * chain: UTF-8 of a JSON array, in this order, of every stored column but the MAC:
 *   [seq, at, operator_id, username, origin, action, subject_type, subject_id, result, details, key_id]
 * where `details` is the stored text itself (already canonical: keys sorted at write).
 * mac(n) = HMAC-SHA256(audit key, mac(n-1) || canonical(n)); mac(0) = 32 zero bytes.
 */
import { createHmac } from 'node:crypto';
import { hmacKey } from '../crypto/hmac-key.ts';
import type { AuditDetail } from './audit-append.ts';

export interface StoredAuditEntry {
  seq: number;
  at: string;
  operator_id: number | null;
  username: string | null;
  origin: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  result: string;
  details: string;
  key_id: string;
}

export const GENESIS_MAC = Buffer.alloc(32);

export function canonicalBytes(entry: StoredAuditEntry): Buffer {
  return Buffer.from(
    JSON.stringify([
      entry.seq,
      entry.at,
      entry.operator_id,
      entry.username,
      entry.origin,
      entry.action,
      entry.subject_type,
      entry.subject_id,
      entry.result,
      entry.details,
      entry.key_id,
    ]),
    'utf8',
  );
}

export function chainMac(secret: Buffer, previous: Buffer, entry: StoredAuditEntry): Buffer {
  return createHmac('sha256', hmacKey(secret))
    .update(previous)
    .update(canonicalBytes(entry))
    .digest();
}

/** JSON with object keys sorted at every level, so equal details always give equal bytes. */
export function canonicalJson(value: AuditDetail): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: AuditDetail): AuditDetail {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys(value[key]!)]),
    );
  }
  return value;
}

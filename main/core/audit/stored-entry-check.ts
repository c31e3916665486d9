/**
 * Whether one audit entry as stored (SELECT * FROM audit_log) holds: its chain MAC verifies
 * against the MAC stored for the entry before it. For whoever holds the keys but not the
 * connection's trail (the readers of seals-from.ts), and for the trail itself.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { chainMac, GENESIS_MAC, type StoredAuditEntry } from './canonical.ts';

export type StoredEntryCheck = (entry: StoredAuditEntry & { mac: Buffer | null }) => boolean;

export function storedEntryCheck(db: Db, keys: Pick<KeyProvider, 'byId'>): StoredEntryCheck {
  const macAt = db.prepare<[number], { mac: Buffer }>('SELECT mac FROM audit_log WHERE seq = ?');
  return ({ mac, ...entry }) => {
    const previous = entry.seq === 1 ? GENESIS_MAC : macAt.get(entry.seq - 1)?.mac;
    if (!previous || !Buffer.isBuffer(mac)) return false;
    let secret: Buffer;
    try {
      secret = keys.byId('audit', entry.key_id).secret;
    } catch {
      return false;
    }
    const want = chainMac(secret, previous, entry);
    return want.length === mac.length && timingSafeEqual(want, mac);
  };
}

/**
 * The trail against the central log server's copy: the forwarder moves `delivered_through`
 * only once the collector has a batch (syslog-sender.ts), so the collector holds every entry
 * up to it. A trail that now ends before that point lost entries the collector still has —
 * cut out of the database, or a copy of the file put back — and must not be written on as if
 * nothing happened. `desk-admin restore` is the way back to a backup: its copy's own mark is
 * never ahead of its trail, and it moves the key store's note back to the entry restored to.
 *
 * The database's cursor row is unsealed: whoever cuts the tail can lower it as well. So the
 * forwarder also keeps its position in the key store (keys/syslog-delivered.ts: seq and the
 * entry's MAC), which cannot be written without the keys; the collector holds the higher of
 * the two, and the entry the key store names must still be the one in the trail (same MAC).
 */
import type { Db } from '../db/connection.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { createSyslogStore } from './syslog-store.ts';

type Keys = Pick<KeyProvider, 'syslogDelivered'> | undefined;

/** How far the collector holds the trail: the cursor row or the key store's note, the higher. */
export function collectorPosition(
  db: Db,
  keys: Keys,
): { seq: number; noted: { seq: number; mac: string } | null } {
  const cursor = createSyslogStore(db).deliveredThrough();
  const noted = keys?.syslogDelivered?.read() ?? null;
  return { seq: Math.max(cursor, noted?.seq ?? 0), noted };
}

/** Why the trail is behind the collector, or null when it is not (or nothing is forwarded). */
export function trailBehindCollector(db: Db, keys: Keys): string | null {
  const store = createSyslogStore(db);
  // Looked at whether or not a target is set now: deleting the (unsealed) syslog_config row
  // must not switch the check off. Where nothing was ever forwarded, both marks are 0.
  let position: ReturnType<typeof collectorPosition>;
  try {
    position = collectorPosition(db, keys);
  } catch (error) {
    if (!store.target() && store.deliveredThrough() === 0) return null; // never forwarded
    return `The ${keys?.syslogDelivered?.where ?? 'key store'} could not be read to learn how far the central log server holds the trail (${(error as Error).message}).`;
  }
  const held = position.seq;
  const newest = store.newestSeq();
  if (newest < held)
    return `The central log server already holds audit entries up to ${held}, but this database's trail ends at ${newest}: entries were removed from the database. Compare with the log server, then restore from a backup (desk-admin restore).`;
  const noted = position.noted;
  if (noted && noted.seq > 0) {
    const mac = db
      .prepare<[number], { mac: Buffer }>('SELECT mac FROM audit_log WHERE seq = ?')
      .get(noted.seq)?.mac;
    if (!mac || mac.toString('hex') !== noted.mac)
      return `The central log server holds audit entry ${noted.seq}, but this database's trail holds another entry in its place: the trail was rewritten. Compare with the log server, then restore from a backup (desk-admin restore).`;
  }
  return null;
}

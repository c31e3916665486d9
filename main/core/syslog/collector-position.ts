/**
 * The trail against the central log server's copy: the forwarder moves `delivered_through`
 * only once the collector has a batch (syslog-sender.ts), so the collector holds every entry
 * up to it. A trail that now ends before that point lost entries the collector still has —
 * cut out of the database, or a copy of the file put back — and must not be written on as if
 * nothing happened. `desk-admin restore` is the way back to a backup: its copy's own mark is
 * never ahead of its trail.
 */
import type { Db } from '../db/connection.ts';
import { createSyslogStore } from './syslog-store.ts';

/** Why the trail is behind the collector, or null when it is not (or nothing is forwarded). */
export function trailBehindCollector(db: Db): string | null {
  const store = createSyslogStore(db);
  if (!store.target()) return null;
  const held = store.deliveredThrough();
  const newest = store.newestSeq();
  if (newest >= held) return null;
  return `The central log server already holds audit entries up to ${held}, but this database's trail ends at ${newest}: entries were removed from the database. Compare with the log server, then restore from a backup (desk-admin restore).`;
}

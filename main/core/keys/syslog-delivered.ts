/**
 * How far the central log server holds the audit trail, kept in the key store (key-notes.ts):
 * the newest entry the syslog forwarder had delivered (seq and its chain MAC), written at most
 * every few seconds, under the database's write lock and the forwarder's lease
 * (syslog/syslog-forwarder.ts).
 *
 * The database's own `syslog_cursor.delivered_through` is an unsealed row: someone who cuts
 * the trail's tail out of the file can lower it too, and "the trail ends before what the
 * collector holds" (syslog/collector-position.ts) would never fire. The key store cannot be
 * written without the keys, so the check takes the higher of the two.
 *
 * A recorded restore (`desk-admin restore`) moves the note back to the entry restored to and
 * counts itself in `restores`: a forwarder still running on the replaced file (which read the
 * count at its start) then writes nothing more.
 */
import type { KeyNotesStore } from './key-notes.ts';

export interface SyslogDelivered {
  /** The newest entry the collector is known to hold (0: none). */
  seq: number;
  /** Its chain MAC, hex. */
  mac: string;
  /** Restores recorded so far (each moves `seq` back to the entry restored to). */
  restores: number;
}

export interface SyslogDeliveredStore {
  /** Where, in words. */
  readonly where: string;
  read(): SyslogDelivered | null;
  /**
   * Records a delivery: only onward, and only when no restore was recorded since the forwarder
   * read the note (`delivered.restores`). The caller holds the database's write lock.
   */
  note(delivered: SyslogDelivered): void;
  /** A restore was recorded, back to entry `to`: the note moves there. */
  restored(to: { seq: number; mac: string }): void;
}

export function syslogDeliveredOf(notes: KeyNotesStore): SyslogDeliveredStore {
  return {
    where: notes.where,
    read: () => notes.read().syslogDelivered ?? null,
    note: (delivered) =>
      notes.update((current) => {
        const was = current.syslogDelivered;
        if ((was?.restores ?? 0) !== delivered.restores) return null;
        if (was && was.seq >= delivered.seq) return null;
        return { ...current, syslogDelivered: delivered };
      }),
    restored: (to) =>
      notes.update((current) => ({
        ...current,
        syslogDelivered: { ...to, restores: (current.syslogDelivered?.restores ?? 0) + 1 },
      })),
  };
}

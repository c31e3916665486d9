/**
 * The central log server's target as its last setting wrote it, kept in the key store
 * (key-notes.ts): the `syslog.set` audit entry that wrote it and a digest of what names the
 * target (syslog/syslog-setting.ts syslogTargetDigest: host, port, the CA's SHA-256).
 *
 * The audit trail names the target too, but "the trail's newest syslog.set" can be moved by
 * someone who writes the database file without the keys: hide the newest entry (its MAC then
 * fails, but only a full `audit verify` reads it) and put back an older target, and the older
 * entry vouches for it — every console would send the trail to a collector no longer trusted.
 * The key store cannot be written without the keys, so its head is the last word: a target
 * that is not the one it names is never sent to.
 *
 * It is written after `desk-admin syslog set` commits, under the database's write lock
 * (syslog-setting.ts recordSyslogHead): it never names a target that was not committed. A key
 * store without it (a target set before it kept one, or a crash between the commit and the
 * note) falls back to the trail's newest syslog.set, and the forwarder records the target the
 * trail vouches for then.
 */
import type { KeyNotesStore } from './key-notes.ts';

export interface SyslogHead {
  /** The syslog.set audit entry that last wrote the target. */
  seq: number;
  /** SHA-256 (hex) of the target's identity (host, port, the CA's SHA-256). */
  targetSha256: string;
}

export interface SyslogHeadStore {
  /** Where, in words. */
  readonly where: string;
  read(): SyslogHead | null;
  /** Records the head: the caller holds the database's write lock, so this is the newest. */
  write(head: SyslogHead): void;
}

export function syslogHeadOf(notes: KeyNotesStore): SyslogHeadStore {
  return {
    where: notes.where,
    read: () => notes.read().syslogHead ?? null,
    write: (head) =>
      notes.update((current) => {
        const now = current.syslogHead;
        const same = now?.seq === head.seq && now.targetSha256 === head.targetSha256;
        return same ? null : { ...current, syslogHead: head };
      }),
  };
}

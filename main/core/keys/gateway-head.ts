/**
 * The ACS gateway row as its last setting wrote it, kept in the key store (key-notes.ts):
 * the audit entry that wrote it and a digest of what identifies the row whole
 * (acs-settings.ts gatewayRowIdentity, without the mark of imported ACS data, which the
 * database's triggers may set later), with that mark beside it.
 *
 * The audit trail names the row too, but "the trail's last entry that set it" can be moved by
 * someone who writes the database file without the keys: hide the newest entry (its MAC then
 * fails, but only a full `audit verify` reads it) and put back the older row with its genuine
 * MAC, and the older entry vouches for it. The key store cannot be written without the keys,
 * so its head is the last word: a row that is not the one it names is treated as altered.
 *
 * It is written after the setting commits, under the database's write lock
 * (acs-settings.ts recordGatewayHead): it never names a row that was not committed. A crash
 * between the two leaves the older head, which the new row does not match: the row counts as
 * altered until it is set again — never trusted on the database's word alone.
 */
import type { KeyNotesStore } from './key-notes.ts';

export interface GatewayHead {
  /** The audit entry that last wrote the row. */
  seq: number;
  /** SHA-256 (hex) of the row's identity without the mark of imported ACS data. */
  rowSha256: string;
  /** Whether the row held the mark of imported ACS data then (it is never cleared). */
  acsData: boolean;
}

export interface GatewayHeadStore {
  /** Where, in words. */
  readonly where: string;
  read(): GatewayHead | null;
  /** Records the head: the caller holds the database's write lock, so this is the newest. */
  write(head: GatewayHead): void;
}

export function gatewayHeadOf(notes: KeyNotesStore): GatewayHeadStore {
  return {
    where: notes.where,
    read: () => notes.read().gatewayHead ?? null,
    write: (head) =>
      notes.update((current) => {
        const now = current.gatewayHead;
        const same =
          now?.seq === head.seq && now.rowSha256 === head.rowSha256 && now.acsData === head.acsData;
        return same ? null : { ...current, gatewayHead: head };
      }),
  };
}

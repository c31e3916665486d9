/**
 * The policy as its last change left it, kept in the key store (key-notes.ts): the audit entry
 * of that change and every policy row's value then (key → the value's JSON).
 *
 * The trail names each key's last value too, but "the trail's last `policy.set` of a key" can be
 * moved by someone who writes the database file without the keys: rename the newest entry (or
 * edit it, so its MAC fails and it is not followed), put back the row from before it with its
 * genuine MAC, and the older entry vouches for the older value — a reset-escalation window of
 * 1 hour instead of 24, a miss limit of 50 instead of 5. The key store cannot be written
 * without the keys, so its head is the last word: a row that is not the value it records, a
 * row it does not record, or a recorded row gone, is read as altered.
 *
 * Written after the change commits, under the database's write lock (policy-store.ts): it
 * never records a value that was not committed. A crash between the two leaves the older head,
 * which the new row does not match: the policy is refused until set again, never trusted on the
 * database's word alone. A key store written before this note existed has none: the trail
 * alone speaks until the next `desk-admin policy set`.
 */
import type { KeyNotesStore } from './key-notes.ts';

export interface PolicyHead {
  /** The audit entry of the last change. */
  seq: number;
  /** Every policy row's value after it, as JSON text, by key. */
  values: Record<string, string>;
}

export interface PolicyHeadStore {
  /** Where, in words. */
  readonly where: string;
  read(): PolicyHead | null;
  /** Records the head; only onward (a later entry than the one recorded). */
  write(head: PolicyHead): void;
}

export function policyHeadOf(notes: KeyNotesStore): PolicyHeadStore {
  return {
    where: notes.where,
    read: () => notes.read().policyHead ?? null,
    write: (head) =>
      notes.update((current) =>
        current.policyHead && current.policyHead.seq >= head.seq
          ? null
          : { ...current, policyHead: head },
      ),
  };
}

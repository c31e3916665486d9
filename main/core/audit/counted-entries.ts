/**
 * The trail entries a decision counted, remembered by this process. A decision selects its
 * entries by columns a writer without the keys can change (the action, the subject, the call,
 * the time): renamed, moved or deleted, an entry drops out of the selection without its MAC
 * ever being checked, and put back before the trail watch's next full pass, it leaves no
 * trace. So every entry counted once under a key is looked for again at each count of the
 * same key: gone from the selection, it is read by its number, and unless it is there and
 * still holds (it only left the decision's window), it was altered.
 *
 * Bounded: the keys counted longest ago are forgotten first (a call, a card, an operator).
 */
import type { StoredAuditEntry } from './canonical.ts';
import type { Db } from '../db/connection.ts';

type Entry = StoredAuditEntry & { mac: Buffer | null };

/** Answers the number of an entry counted before under `key` that is now altered, or null. */
export type CountedEntries = (key: string, selected: readonly Entry[]) => number | null;

const REMEMBERED_KEYS = 4096;

export function countedEntries(
  db: Db,
  holds: (entry: Entry) => boolean,
  rememberedKeys = REMEMBERED_KEYS,
): CountedEntries {
  const bySeq = db.prepare<[number], Entry>('SELECT * FROM audit_log WHERE seq = ?');
  const remembered = new Map<string, Set<number>>();
  return (key, selected) => {
    const counted = remembered.get(key) ?? new Set<number>();
    const now = new Set(selected.map((entry) => entry.seq));
    for (const seq of counted) {
      if (now.has(seq)) continue;
      const entry = bySeq.get(seq);
      if (!entry || !holds(entry)) return seq;
      // As it was when counted, so it left the window by its time.
      counted.delete(seq);
    }
    for (const seq of now) counted.add(seq);
    remembered.delete(key);
    remembered.set(key, counted);
    if (remembered.size > rememberedKeys) remembered.delete(remembered.keys().next().value!);
    return null;
  };
}

/**
 * An operator's search budgets as the trail vouches for them: searches by a key (or a pair of
 * keys sharing a budget) and searches of any key that matched nothing, in a window.
 *
 * The counts come from the operator's card.search entries, and every entry counted holds its
 * chain MAC: a result or a `matched` edited in the file (a search flipped out of the count
 * and put back before the trail watch's next full pass) is found at the next search, never
 * counted. Checking every entry of the window at every search would be an HMAC per entry
 * (an agent's hour may hold thousands), so each entry is checked once per process:
 *
 * - what this process verified is kept per operator: each entry's seq, time, result, key,
 *   matched and stored MAC, as read whole and checked (or as this process appended it);
 * - each count reads the window's entries after the newest it knows, whatever their result,
 *   and checks each one's MAC (usually none or one: another console's search);
 * - the counts the decision uses, asked of the stored rows through the budget indexes
 *   (index-only, migration 019), must equal those of the verified entries. An edit that
 *   changes a count (a result, a key, `matched`, the time, the operator, a deleted entry, one
 *   inserted) makes them differ: then every entry of the window is read and checked afresh.
 *   One that fails its MAC, or a verified entry gone from the window or replaced (its seq
 *   with another MAC), is `altered`; if all hold (the clock went back, an entry from before
 *   this process came into the window), what is kept is rebuilt from them.
 *
 * An edit that changes none of the counts changes no decision; the trail watch finds it.
 */
import type { Db } from '../db/connection.ts';
import type { StoredAuditEntry } from '../audit/canonical.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';

type Entry = StoredAuditEntry & { mac: Buffer | null };

/** One card.search entry as verified: what the budgets count on. */
interface Verified {
  seq: number;
  at: string;
  result: string;
  key: unknown;
  matched: unknown;
  mac: Buffer;
}

interface Known {
  /** Sorted by seq. */
  entries: Verified[];
  /** Every entry of the window up to this seq has been read (or appended here). */
  through: number;
}

export type BudgetCounts = { perKey: number; misses: number } | { altered: number };

/** Verified entries older than the window by more than this are forgotten. */
const KEEP_BEFORE_MS = 3_600_000;

function verified(entry: Entry): Verified {
  const details = JSON.parse(entry.details) as { key?: unknown; matched?: unknown };
  return {
    seq: entry.seq,
    at: entry.at,
    result: entry.result,
    key: details.key,
    matched: details.matched,
    mac: entry.mac!,
  };
}

function tally(entries: Verified[], since: string, first: string, second: string) {
  let perKey = 0;
  let misses = 0;
  for (const entry of entries) {
    if (entry.at <= since || entry.result !== 'success') continue;
    if (entry.key === first || entry.key === second) perKey += 1;
    if (entry.matched === 0) misses += 1;
  }
  return { perKey, misses };
}

export interface SearchBudgets {
  /**
   * The operator's budgets since `since` (first and second: the keys sharing one budget), or
   * the first entry found altered. Called inside the search's transaction.
   */
  count(operatorId: number, since: string, first: string, second: string): BudgetCounts;
  /**
   * The search entry this transaction just appended (the trail's newest, under the write
   * lock): what to run once the transaction commits, to keep it as verified.
   */
  appended(operatorId: number): () => void;
}

export function searchBudgets(db: Db, audit: Pick<AuditTrail, 'storedEntryHolds'>): SearchBudgets {
  // The operator's entries in the window after `through`: the index range of the window
  // (operator, action, at), the seq (its rowid) compared in the index.
  const newer = db.prepare<[number, string, number], Entry>(`
    SELECT * FROM audit_log
    WHERE operator_id = ? AND action = 'card.search' AND at > ? AND seq > ?`);
  const window = db.prepare<[number, string], Entry>(`
    SELECT * FROM audit_log WHERE operator_id = ? AND action = 'card.search' AND at > ?`);
  // The counts as stored (refusals are not counted), index-only (migration 019).
  const searchesSince = db.prepare<[number, string, string, string], { n: number }>(`
    SELECT count(*) AS n FROM audit_log
    WHERE operator_id = ? AND at > ? AND action = 'card.search' AND result = 'success'
      AND json_extract(details, '$.key') IN (?, ?)`);
  const missesSince = db.prepare<[number, string], { n: number }>(`
    SELECT count(*) AS n FROM audit_log
    WHERE operator_id = ? AND at > ? AND action = 'card.search' AND result = 'success'
      AND json_extract(details, '$.matched') = 0`);
  const newest = db.prepare<[], Entry>('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1');

  const known = new Map<number, Known>();

  /** Every entry of the window read and checked afresh, against what was verified before. */
  function recount(operatorId: number, since: string, before: Known): Known | { altered: number } {
    const rows = window.all(operatorId, since);
    for (const row of rows) if (!audit.storedEntryHolds(row)) return { altered: row.seq };
    const now = new Map(rows.map((row) => [row.seq, row]));
    for (const entry of before.entries) {
      if (entry.at <= since) continue;
      const row = now.get(entry.seq);
      if (!row?.mac?.equals(entry.mac)) return { altered: entry.seq };
    }
    const entries = before.entries
      .filter((entry) => entry.at <= since)
      .concat(rows.map(verified))
      .sort((a, b) => a.seq - b.seq);
    let through = before.through;
    for (const row of rows) through = Math.max(through, row.seq);
    return { entries, through };
  }

  return {
    count(operatorId, since, first, second) {
      let mine = known.get(operatorId);
      if (!mine) known.set(operatorId, (mine = { entries: [], through: 0 }));
      const fresh = newer.all(operatorId, since, mine.through);
      for (const row of fresh) if (!audit.storedEntryHolds(row)) return { altered: row.seq };
      if (fresh.length > 0) {
        fresh.sort((a, b) => a.seq - b.seq);
        for (const row of fresh) mine.entries.push(verified(row));
        mine.through = fresh[fresh.length - 1]!.seq;
      }
      const keepFrom = new Date(Date.parse(since) - KEEP_BEFORE_MS).toISOString();
      if (mine.entries.length > 0 && mine.entries[0]!.at <= keepFrom)
        mine.entries = mine.entries.filter((entry) => entry.at > keepFrom);
      const counts = tally(mine.entries, since, first, second);
      const stored = {
        perKey: searchesSince.get(operatorId, since, first, second)!.n,
        misses: missesSince.get(operatorId, since)!.n,
      };
      if (stored.perKey === counts.perKey && stored.misses === counts.misses) return counts;
      const rebuilt = recount(operatorId, since, mine);
      if ('altered' in rebuilt) return rebuilt;
      known.set(operatorId, rebuilt);
      const recounted = tally(rebuilt.entries, since, first, second);
      // The stricter of the two, should they ever read one entry differently.
      return {
        perKey: Math.max(recounted.perKey, stored.perKey),
        misses: Math.max(recounted.misses, stored.misses),
      };
    },

    appended(operatorId) {
      const entry = newest.get()!;
      const mine = known.get(operatorId);
      return () => {
        if (!mine || known.get(operatorId) !== mine || entry.seq <= mine.through) return;
        mine.entries.push(verified(entry));
        mine.through = entry.seq;
      };
    },
  };
}

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
  /** Its time in ms, compared at every count. */
  atMs: number;
  /** A success (refusals are not counted). */
  counted: boolean;
  key: unknown;
  miss: boolean;
  mac: Buffer;
}

/**
 * What this process verified of one operator's entries, with the tallies of those in the
 * window kept as it moves (each entry is counted in and out once, not every entry at every
 * search).
 */
interface Known {
  /** Sorted by time (then seq). */
  entries: Verified[];
  /** Every entry of the window up to this seq has been read (or appended here). */
  through: number;
  /** The window the tallies are for: entries[from..] are those after sinceMs. */
  sinceMs: number;
  from: number;
  /** Counted searches in the window by key, and those that matched nothing. */
  perKey: Map<unknown, number>;
  misses: number;
}

export type BudgetCounts = { perKey: number; misses: number } | { altered: number };

/** The most entries read on from the newest known, before the window's index is used instead. */
const READ_ON_FROM = 4096;

/** Verified entries older than the window by more than this are forgotten… */
const KEEP_BEFORE_MS = 3_600_000;
/** …this many at a time at least. */
const FORGET_AT_ONCE = 1024;

function verified(entry: Entry): Verified {
  const details = JSON.parse(entry.details) as { key?: unknown; matched?: unknown };
  const counted = entry.result === 'success';
  return {
    seq: entry.seq,
    atMs: Date.parse(entry.at),
    counted,
    key: details.key,
    miss: counted && details.matched === 0,
    mac: entry.mac!,
  };
}

function tallied(known: Known, entry: Verified, by: 1 | -1): void {
  if (!entry.counted) return;
  known.perKey.set(entry.key, (known.perKey.get(entry.key) ?? 0) + by);
  if (entry.miss) known.misses += by;
}

/** Verified entries (any order), tallied for the window after sinceMs. */
function knownOf(entries: Verified[], through: number, sinceMs: number): Known {
  const known: Known = {
    entries: entries.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq),
    through,
    sinceMs,
    from: 0,
    perKey: new Map(),
    misses: 0,
  };
  while (known.from < entries.length && entries[known.from]!.atMs <= sinceMs) known.from += 1;
  for (let i = known.from; i < entries.length; i++) tallied(known, entries[i]!, 1);
  return known;
}

/** One more verified entry, in its place by time. */
function add(known: Known, entry: Verified): void {
  let at = known.entries.length;
  while (at > 0 && known.entries[at - 1]!.atMs > entry.atMs) at -= 1;
  known.entries.splice(at, 0, entry);
  if (entry.atMs > known.sinceMs) tallied(known, entry, 1);
  else known.from += 1;
}

/** The tallies moved to the window after sinceMs; what fell out long ago is forgotten. */
function moveTo(known: Known, sinceMs: number): Known {
  if (sinceMs < known.sinceMs) return knownOf(known.entries, known.through, sinceMs);
  const { entries } = known;
  while (known.from < entries.length && entries[known.from]!.atMs <= sinceMs) {
    tallied(known, entries[known.from]!, -1);
    known.from += 1;
  }
  known.sinceMs = sinceMs;
  // Forgotten a thousand at a time (entries[0..from) are sorted by time, all before the window).
  const forgetBefore = sinceMs - KEEP_BEFORE_MS;
  if (known.from > FORGET_AT_ONCE && entries[FORGET_AT_ONCE - 1]!.atMs <= forgetBefore) {
    let forget = FORGET_AT_ONCE;
    while (forget < known.from && entries[forget]!.atMs <= forgetBefore) forget += 1;
    known.entries = entries.slice(forget);
    known.from -= forget;
  }
  return known;
}

function countsOf(known: Known, first: string, second: string) {
  const perKey =
    (known.perKey.get(first) ?? 0) + (second === first ? 0 : (known.perKey.get(second) ?? 0));
  return { perKey, misses: known.misses };
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
  // The operator's entries in the window after `through`: read from `through` on (a few
  // entries since the operator's last search), or through the window's index range when
  // `through` is far behind (a process's first search, a long pause).
  const newerBySeq = db.prepare<[number, number, string], Entry>(`
    SELECT * FROM audit_log
    WHERE seq > ? AND +operator_id = ? AND +action = 'card.search' AND +at > ?`);
  const newerInWindow = db.prepare<[number, string, number], Entry>(`
    SELECT * FROM audit_log
    WHERE operator_id = ? AND action = 'card.search' AND at > ? AND seq > ?`);
  const head = db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM audit_log');
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
  const newest = db.prepare<[], Entry>(
    'SELECT * FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)',
  );

  const known = new Map<number, Known>();

  /** Every entry of the window read and checked afresh, against what was verified before. */
  function recount(operatorId: number, since: string, before: Known): Known | { altered: number } {
    const rows = window.all(operatorId, since);
    for (const row of rows) if (!audit.storedEntryHolds(row)) return { altered: row.seq };
    const sinceMs = Date.parse(since);
    const now = new Map(rows.map((row) => [row.seq, row]));
    for (const entry of before.entries) {
      if (entry.atMs <= sinceMs) continue;
      const row = now.get(entry.seq);
      if (!row?.mac?.equals(entry.mac)) return { altered: entry.seq };
    }
    const entries = before.entries
      .filter((entry) => entry.atMs <= sinceMs)
      .concat(rows.map(verified));
    let through = before.through;
    for (const row of rows) through = Math.max(through, row.seq);
    return knownOf(entries, through, sinceMs);
  }

  return {
    count(operatorId, since, first, second) {
      const sinceMs = Date.parse(since);
      let mine = known.get(operatorId);
      if (!mine) known.set(operatorId, (mine = knownOf([], 0, sinceMs)));
      const behind = (head.get()!.seq ?? 0) - mine.through;
      const fresh =
        mine.through > 0 && behind <= READ_ON_FROM
          ? newerBySeq.all(mine.through, operatorId, since)
          : newerInWindow.all(operatorId, since, mine.through);
      for (const row of fresh) if (!audit.storedEntryHolds(row)) return { altered: row.seq };
      for (const row of fresh) {
        add(mine, verified(row));
        mine.through = Math.max(mine.through, row.seq);
      }
      mine = moveTo(mine, sinceMs);
      known.set(operatorId, mine);
      const counts = countsOf(mine, first, second);
      const stored = {
        perKey: searchesSince.get(operatorId, since, first, second)!.n,
        misses: missesSince.get(operatorId, since)!.n,
      };
      if (stored.perKey === counts.perKey && stored.misses === counts.misses) return counts;
      const rebuilt = recount(operatorId, since, mine);
      if ('altered' in rebuilt) return rebuilt;
      known.set(operatorId, rebuilt);
      const recounted = countsOf(rebuilt, first, second);
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
        add(mine, verified(entry));
        mine.through = entry.seq;
      };
    },
  };
}

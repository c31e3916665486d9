/**
 * Each write of a cardholder's verification facts, as the trail records it
 * (`import.facts-changed`, one entry per facts row the import writes or removes): the cardholder
 * (the entry's subject, its public id, which the cardholder's seal binds), a digest of the row's
 * v2 MAC (facts-seal.ts: keyed, over the pair hash, its salt, cost, pepper key and the as-of
 * time) or null when the facts were removed, and the as-of time of the record — never the DOB,
 * the postcode or their hash.
 *
 * The row's seal says only that the import wrote it once: a row put back from before the
 * cardholder moved (its genuine MAC with it) would let the old DOB and postcode verify a caller,
 * and an as-of time moved ahead would have the next feed's facts skipped. The trail cannot be
 * rolled back or cut without breaking its chain, so verification requires the row to be what the
 * newest entry for the cardholder says (factsVerdict), and the importer's precedence reads the
 * as-of time that entry vouches for, not the row's.
 */
import type { AuditAction } from '../../../shared/audit/audit-codes.ts';
import type { StoredAuditEntry } from '../audit/canonical.ts';
import type { Db } from '../db/connection.ts';
import type { NewestSeen } from '../audit/newest-seen.ts';
import { factsDigest, type FactsSealRow } from './facts-seal.ts';

export const FACTS_CHANGED = 'import.facts-changed' satisfies AuditAction;

/** The details of one `import.facts-changed` entry. */
export interface FactsChangedDetails {
  runId: string;
  /** factsDigest of the row written; null: the facts were removed (the cardholder deleted). */
  facts: string | null;
  /** The as-of time of the record that wrote (or removed) them. */
  asOf: string;
}

/** What the trail's newest `import.facts-changed` entry for a cardholder says. */
export type FactsTrail =
  | { kind: 'none' }
  /**
   * The newest entry fails its chain MAC (or is unreadable): it vouches for nothing. `gone`: a
   * newer entry this process saw as the newest has left the selection since (renamed, moved,
   * deleted: newest-seen.ts); `seq` is that entry.
   */
  | { kind: 'broken'; seq: number; gone?: true }
  | { kind: 'says'; seq: number; facts: string | null; asOf: string };

type Entry = StoredAuditEntry & { mac: Buffer | null };

/**
 * The newest `import.facts-changed` entry for a cardholder (by public id), checked against its
 * chain MAC: the seqs of the cardholder's entries of the action (audit_log_by_subject, covering:
 * one per facts write, a few), the newest picked here and only it read whole — several times
 * cheaper than a max() or ORDER BY … LIMIT 1 over the same index — and one HMAC, which
 * `entryHolds` may remember.
 */
export function factsTrailReader(
  db: Db,
  entryHolds: (entry: Entry) => boolean,
  /** The newest entry seen per cardholder, when this reader's decisions remember them. */
  seen?: NewestSeen,
): (holderPublicId: string) => FactsTrail {
  const seqs = db
    .prepare<[string, string], number>(
      'SELECT seq FROM audit_log WHERE subject_id = ? AND action = ?',
    )
    .pluck();
  const entryAt = db.prepare<[number], Entry>('SELECT * FROM audit_log WHERE seq = ?');
  return (holderPublicId) => {
    let newest = 0;
    for (const seq of seqs.all(holderPublicId, FACTS_CHANGED)) if (seq > newest) newest = seq;
    const gone = seen?.(holderPublicId, newest) ?? null;
    if (gone !== null) return { kind: 'broken', seq: gone, gone: true };
    const entry = newest > 0 ? entryAt.get(newest) : undefined;
    if (!entry) return { kind: 'none' };
    if (!entryHolds(entry)) return { kind: 'broken', seq: entry.seq };
    return saidBy(entry.seq, entry.details);
  };
}

/** What an entry's details say (an entry whose MAC holds was written by the import). */
export function saidBy(seq: number, details: string): FactsTrail {
  try {
    const said = JSON.parse(details) as Partial<FactsChangedDetails>;
    if ((typeof said.facts === 'string' || said.facts === null) && typeof said.asOf === 'string')
      return { kind: 'says', seq, facts: said.facts, asOf: said.asOf };
  } catch {
    // Not JSON: vouches for nothing.
  }
  return { kind: 'broken', seq };
}

/**
 * Whether the held facts (or none) can be used, given their seal and the trail:
 * - 'altered': the row fails its seal (v1 and v2 alike);
 * - 'not-latest': the row is not what the newest entry says (put back from before a change,
 *   or deleted while the trail names it), the newest entry does not hold, or the row is sealed
 *   v2 while the trail names no facts for the cardholder (every v2 write is recorded in the same
 *   transaction: such a row was copied in);
 * - 'holds': otherwise. A v1 row (from before the trail recorded facts) holds while the trail
 *   names none for the cardholder.
 */
export function factsVerdict(
  row: FactsSealRow | undefined,
  seal: 'v2' | 'v1' | null,
  trail: FactsTrail,
): 'holds' | 'altered' | 'not-latest' {
  if (row !== undefined && seal === null) return 'altered';
  if (trail.kind === 'broken') return 'not-latest';
  if (trail.kind === 'none') return row === undefined || seal === 'v1' ? 'holds' : 'not-latest';
  if (row === undefined) return trail.facts === null ? 'holds' : 'not-latest';
  return seal === 'v2' && trail.facts === factsDigest(row) ? 'holds' : 'not-latest';
}

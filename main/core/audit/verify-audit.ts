/**
 * Recomputes the audit chain from the first entry and checks it against the anchored
 * checkpoints. It tells apart:
 *   altered         entry N's MAC does not match (edited, or a checkpoint forged at N);
 *   missing         entry N is gone (a gap in the sequence, or the log ends before the last
 *                   checkpoint: a cut tail);
 *   wrong-key       the first entry (or a checkpoint) names an audit key these keys do not
 *                   hold: the key, not the log, is wrong;
 *   forged-checkpoint a checkpoint line's own MAC fails, or the lines do not chain (a line
 *                   edited, removed or reordered): the anchor file was tampered with;
 *   rolled-back     the anchor file ends before (or differs at) the newest line the key
 *                   store recorded: the file was cut, or an older copy put back;
 *   unanchored-tail the chain holds, but entries after the last checkpoint cannot be vouched
 *                   for (a cut after it would leave no trace);
 *   intact          the chain holds and its last entry is anchored.
 * With `expectSeq` (what the central collector last received), a log that ends before it is
 * missing entries even when every checkpoint holds: the unanchored tail was cut.
 * Constant memory: entries are streamed. A long trail is checked in ranges on worker threads
 * (verify-worker.ts), each range from the MAC stored before it.
 */
import { createHmac, type KeyObject } from 'node:crypto';
import type { AuditVerificationStatus } from '../../../shared/audit/audit-codes.ts';
import type { AnchorHead } from '../keys/anchor-head.ts';
import { KeyError, type KeyProvider, type PurposeKey } from '../keys/key-provider.ts';
import { headMismatch } from './anchor-tail.ts';
import { anchorMacOf, GENESIS_ANCHOR, type Checkpoint } from './checkpoint-anchor.ts';
import { GENESIS_MAC, type StoredAuditEntry } from './canonical.ts';
import { hmacKey } from '../crypto/hmac-key.ts';

export interface AuditVerificationResult {
  status: AuditVerificationStatus;
  entriesChecked: number;
  lastAnchoredSeq: number;
  firstBadSeq: number | null;
  /** What is wrong beyond the status, in words (schema, rows, rollback); absent when nothing. */
  problems?: string[];
}

export type StoredAuditRow = StoredAuditEntry & { mac: Buffer };

export interface VerifyAuditOptions {
  /** The newest checkpoint line the key store recorded. */
  head?: AnchorHead | null;
  /** The last entry the central collector received: the log must reach it. */
  expectSeq?: number;
}

export const PROGRESS_EVERY = 1000;

/**
 * An entry as the verifier reads it: the stored columns in canonical order (canonical.ts),
 * then the MAC. Read with better-sqlite3's `.raw()`, no object per row; the first eleven
 * values, as a JSON array, are the bytes the MAC covers.
 */
export type RawAuditRow = [
  seq: number,
  at: string,
  operator_id: number | null,
  username: string | null,
  origin: string,
  action: string,
  subject_type: string | null,
  subject_id: string | null,
  result: string,
  details: string,
  key_id: string,
  mac: Buffer,
];

/** The columns of a RawAuditRow, in its order. */
export const RAW_AUDIT_COLUMNS =
  'seq, at, operator_id, username, origin, action, subject_type, subject_id, result, details, key_id, mac';

/**
 * Entries read per call into SQLite when a range is checked (verify-range.ts): about a fifth
 * less CPU per entry than one row per call.
 */
export const RAW_READ_CHUNK = 1000;

export type KeyFor = (id: string) => PurposeKey | null;

/** Looks audit keys up by id once each; a key these keys do not hold is null. */
export function auditKeyLookup(keys: Pick<KeyProvider, 'byId'>): KeyFor {
  const keyCache = new Map<string, PurposeKey | null>();
  return (id) => {
    if (!keyCache.has(id)) {
      try {
        keyCache.set(id, keys.byId('audit', id));
      } catch (error) {
        if (!(error instanceof KeyError)) throw error;
        keyCache.set(id, null);
      }
    }
    return keyCache.get(id) ?? null;
  };
}

/** What the checkpoint lines say before any entry is read. */
export type ChainPlan =
  | { done: AuditVerificationResult }
  | {
      done?: undefined;
      /** The checkpoints that speak for the current history: entry seq → its MAC, hex. */
      anchored: Map<number, string>;
      lastAnchoredSeq: number;
    };

/**
 * The anchored MACs the entries must match, and the last anchored entry. Cheap: no MAC is
 * computed, so the entries can be checked while the lines are (checkAnchorLines).
 */
export function anchoredMacs(checkpoints: readonly Checkpoint[]): {
  anchored: Map<number, string>;
  lastAnchoredSeq: number;
} {
  // The checkpoints that speak for the current history: a restore line drops those before
  // it past the entry the database was restored to.
  const bySeq = new Map<number, Checkpoint>();
  for (const checkpoint of checkpoints) {
    if (checkpoint.kind === 'restore') {
      for (const seq of [...bySeq.keys()]) if (seq > checkpoint.seq) bySeq.delete(seq);
    }
    bySeq.set(checkpoint.seq, checkpoint);
  }
  const anchored = new Map<number, string>();
  let lastAnchoredSeq = 0;
  for (const [seq, checkpoint] of bySeq) {
    anchored.set(seq, checkpoint.mac);
    lastAnchoredSeq = Math.max(lastAnchoredSeq, seq);
  }
  return { anchored, lastAnchoredSeq };
}

const failure = (
  status: AuditVerificationStatus,
  checked: number,
  lastAnchoredSeq: number,
  firstBadSeq: number | null,
  problem?: string,
): AuditVerificationResult => ({
  status,
  entriesChecked: checked,
  lastAnchoredSeq,
  firstBadSeq,
  ...(problem !== undefined && { problems: [problem] }),
});

/**
 * Checks the checkpoint lines themselves: each signed by a held audit key, numbered and
 * chained, and the file reaching the newest line the key store recorded. A result only when
 * they do not hold (the entries are then not vouched for by anything).
 */
export function checkAnchorLines(
  checkpoints: readonly Checkpoint[],
  keyFor: KeyFor,
  lastAnchoredSeq: number,
  options: VerifyAuditOptions = {},
): AuditVerificationResult | null {
  let previousLine: Checkpoint | undefined;
  for (const [index, checkpoint] of checkpoints.entries()) {
    const state = checkpointState(checkpoint, keyFor);
    if (state === 'unknown-key') return failure('wrong-key', 0, lastAnchoredSeq, 1);
    if (state === 'forged')
      return failure(
        'forged-checkpoint',
        0,
        lastAnchoredSeq,
        checkpoint.seq || 1,
        `checkpoint line ${index + 1} is not signed by the audit key`,
      );
    if (
      checkpoint.n !== index + 1 ||
      checkpoint.prev !== (previousLine?.anchorMac ?? GENESIS_ANCHOR)
    )
      return failure(
        'forged-checkpoint',
        0,
        lastAnchoredSeq,
        checkpoint.seq || 1,
        `checkpoint line ${index + 1} does not follow line ${index} (lines removed, reordered or copied from elsewhere)`,
      );
    previousLine = checkpoint;
  }
  const head = options.head;
  if (head) {
    const mismatch = headMismatch(checkpoints.length, (n) => checkpoints[n - 1], head);
    if (mismatch) return failure('rolled-back', 0, lastAnchoredSeq, head.seq, mismatch);
  }
  return null;
}

/** How one range of the chain checked out. */
export interface RangeOutcome {
  /** The first entry that does not hold, and how; null when the whole range holds. */
  bad: { status: 'missing' | 'altered' | 'wrong-key'; seq: number } | null;
  /** Entries checked and found holding. */
  checked: number;
}

/**
 * Recomputes the chain over the entries from `from` on, in seq order, given the MAC stored
 * for entry `from - 1` (GENESIS_MAC for entry 1) and ending at `to` (the range's last
 * entry; undefined: wherever the rows end). Each entry's MAC must be the HMAC of the one
 * before and its own canonical bytes, and match its checkpoint if it has one. Ranges laid end
 * to end check the whole chain: the first link of each is checked against the MAC stored
 * before it, which the range before checked in turn.
 */
export function checkChainRange(
  rows: Iterable<RawAuditRow>,
  range: { from: number; to?: number; previous: Buffer },
  anchored: ReadonlyMap<number, string>,
  keyFor: KeyFor,
  onProgress: (checked: number) => void = () => undefined,
  progressEvery = PROGRESS_EVERY,
): RangeOutcome {
  let previous = range.previous;
  let expectedSeq = range.from;
  let keyId: string | undefined;
  let secret: KeyObject | undefined;
  const outcome = (bad: RangeOutcome['bad']): RangeOutcome => ({
    bad,
    checked: expectedSeq - range.from,
  });
  for (const row of rows) {
    const seq = row[0];
    if (seq !== expectedSeq) return outcome({ status: 'missing', seq: expectedSeq });
    const stored = row.pop() as Buffer;
    if (row[10] !== keyId) {
      const key = keyFor(row[10]);
      if (!key) return outcome({ status: seq === 1 ? 'wrong-key' : 'altered', seq });
      keyId = row[10];
      secret = hmacKey(key.secret);
    }
    // The row without its MAC is the canonical array (canonical.ts): stringified as it is.
    const mac = createHmac('sha256', secret!).update(previous).update(JSON.stringify(row)).digest();
    // Key ids derive from the secret: a held key that gives another MAC means the entry changed.
    if (!mac.equals(stored)) return outcome({ status: 'altered', seq });
    const checkpoint = anchored.get(seq);
    if (checkpoint !== undefined && checkpoint !== mac.toString('hex'))
      return outcome({ status: 'altered', seq });
    previous = mac;
    expectedSeq++;
    if (seq % progressEvery === 0) onProgress(expectedSeq - range.from);
  }
  if (range.to !== undefined && expectedSeq <= range.to)
    return outcome({ status: 'missing', seq: expectedSeq });
  return outcome(null);
}

/**
 * The verdict from the ranges' outcomes, in order: the first entry that does not hold
 * anywhere, else whether the whole chain reaches what the anchors and the collector say.
 */
export function chainVerdict(
  outcomes: readonly RangeOutcome[],
  lastAnchoredSeq: number,
  options: VerifyAuditOptions = {},
): AuditVerificationResult {
  let checked = 0;
  for (const outcome of outcomes) {
    if (outcome.bad)
      return failure(outcome.bad.status, outcome.bad.seq - 1, lastAnchoredSeq, outcome.bad.seq);
    checked += outcome.checked;
  }
  if (checked < lastAnchoredSeq) return failure('missing', checked, lastAnchoredSeq, checked + 1);
  if (options.expectSeq !== undefined && checked < options.expectSeq)
    return failure(
      'missing',
      checked,
      lastAnchoredSeq,
      checked + 1,
      `the central collector received entry ${options.expectSeq}, but the log ends at entry ${checked}`,
    );
  if (checked === 0) return failure('empty', 0, lastAnchoredSeq, null);
  if (checked > lastAnchoredSeq) return failure('unanchored-tail', checked, lastAnchoredSeq, null);
  return failure('intact', checked, lastAnchoredSeq, null);
}

/** The whole chain in one pass, in this thread (rows as objects, as `SELECT *` gives them). */
export function verifyAuditChain(
  rows: Iterable<StoredAuditRow>,
  checkpoints: readonly Checkpoint[],
  keys: Pick<KeyProvider, 'byId'>,
  onProgress: (checked: number) => void = () => undefined,
  options: VerifyAuditOptions = {},
): AuditVerificationResult {
  const keyFor = auditKeyLookup(keys);
  const { anchored, lastAnchoredSeq } = anchoredMacs(checkpoints);
  const lines = checkAnchorLines(checkpoints, keyFor, lastAnchoredSeq, options);
  if (lines) return lines;
  const outcome = checkChainRange(
    rawRows(rows),
    { from: 1, previous: GENESIS_MAC },
    anchored,
    keyFor,
    onProgress,
  );
  if (!outcome.bad) onProgress(outcome.checked);
  return chainVerdict([outcome], lastAnchoredSeq, options);
}

function* rawRows(rows: Iterable<StoredAuditRow>): Generator<RawAuditRow> {
  for (const r of rows)
    yield [
      r.seq,
      r.at,
      r.operator_id,
      r.username,
      r.origin,
      r.action,
      r.subject_type,
      r.subject_id,
      r.result,
      r.details,
      r.key_id,
      r.mac,
    ];
}

function checkpointState(
  checkpoint: Checkpoint,
  keyFor: KeyFor,
): 'signed' | 'forged' | 'unknown-key' {
  const key = keyFor(checkpoint.keyId);
  if (!key) return 'unknown-key';
  const { anchorMac, ...fields } = checkpoint;
  return anchorMacOf(key, fields) === anchorMac ? 'signed' : 'forged';
}

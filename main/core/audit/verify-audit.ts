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
 * Constant memory: entries are streamed.
 */
import type { AuditVerificationStatus } from '../../../shared/audit/audit-codes.ts';
import type { AnchorHead } from '../keys/anchor-head.ts';
import { KeyError, type KeyProvider, type PurposeKey } from '../keys/key-provider.ts';
import { headMismatch } from './anchor-tail.ts';
import { anchorMacOf, GENESIS_ANCHOR, type Checkpoint } from './checkpoint-anchor.ts';
import { chainMac, GENESIS_MAC, type StoredAuditEntry } from './canonical.ts';

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

export function verifyAuditChain(
  rows: Iterable<StoredAuditRow>,
  checkpoints: readonly Checkpoint[],
  keys: Pick<KeyProvider, 'byId'>,
  onProgress: (checked: number) => void = () => undefined,
  options: VerifyAuditOptions = {},
): AuditVerificationResult {
  const keyCache = new Map<string, PurposeKey | null>();
  const keyFor = (id: string) => {
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

  // The checkpoints that speak for the current history: a restore line drops those before
  // it past the entry the database was restored to.
  const bySeq = new Map<number, Checkpoint>();
  for (const checkpoint of checkpoints) {
    if (checkpoint.kind === 'restore') {
      for (const seq of [...bySeq.keys()]) if (seq > checkpoint.seq) bySeq.delete(seq);
    }
    bySeq.set(checkpoint.seq, checkpoint);
  }
  const lastAnchoredSeq = [...bySeq.keys()].reduce((max, seq) => Math.max(max, seq), 0);
  const result = (
    status: AuditVerificationStatus,
    checked: number,
    firstBadSeq: number | null,
    problem?: string,
  ): AuditVerificationResult => ({
    status,
    entriesChecked: checked,
    lastAnchoredSeq,
    firstBadSeq,
    ...(problem !== undefined && { problems: [problem] }),
  });

  let previousLine: Checkpoint | undefined;
  for (const [index, checkpoint] of checkpoints.entries()) {
    const state = checkpointState(checkpoint, keyFor);
    if (state === 'unknown-key') return result('wrong-key', 0, 1);
    if (state === 'forged')
      return result(
        'forged-checkpoint',
        0,
        checkpoint.seq || 1,
        `checkpoint line ${index + 1} is not signed by the audit key`,
      );
    if (
      checkpoint.n !== index + 1 ||
      checkpoint.prev !== (previousLine?.anchorMac ?? GENESIS_ANCHOR)
    )
      return result(
        'forged-checkpoint',
        0,
        checkpoint.seq || 1,
        `checkpoint line ${index + 1} does not follow line ${index} (lines removed, reordered or copied from elsewhere)`,
      );
    previousLine = checkpoint;
  }
  const head = options.head;
  if (head) {
    const mismatch = headMismatch(checkpoints.length, (n) => checkpoints[n - 1], head);
    if (mismatch) return result('rolled-back', 0, head.seq, mismatch);
  }

  let previous: Buffer = GENESIS_MAC;
  let expectedSeq = 1;
  for (const row of rows) {
    if (row.seq !== expectedSeq) return result('missing', expectedSeq - 1, expectedSeq);
    const key = keyFor(row.key_id);
    if (!key) return result(row.seq === 1 ? 'wrong-key' : 'altered', row.seq - 1, row.seq);
    const mac = chainMac(key.secret, previous, row);
    // Key ids derive from the secret: a held key that gives another MAC means the entry changed.
    if (!mac.equals(row.mac)) return result('altered', row.seq - 1, row.seq);
    const checkpoint = bySeq.get(row.seq);
    if (checkpoint && checkpoint.mac !== mac.toString('hex'))
      return result('altered', row.seq - 1, row.seq);
    previous = mac;
    expectedSeq++;
    if (row.seq % PROGRESS_EVERY === 0) onProgress(row.seq);
  }

  const checked = expectedSeq - 1;
  onProgress(checked);
  if (checked < lastAnchoredSeq) return result('missing', checked, checked + 1);
  if (options.expectSeq !== undefined && checked < options.expectSeq)
    return result(
      'missing',
      checked,
      checked + 1,
      `the central collector received entry ${options.expectSeq}, but the log ends at entry ${checked}`,
    );
  if (checked === 0) return result('empty', 0, null);
  if (checked > lastAnchoredSeq) return result('unanchored-tail', checked, null);
  return result('intact', checked, null);
}

function checkpointState(
  checkpoint: Checkpoint,
  keyFor: (id: string) => PurposeKey | null,
): 'signed' | 'forged' | 'unknown-key' {
  const key = keyFor(checkpoint.keyId);
  if (!key) return 'unknown-key';
  const { anchorMac, ...fields } = checkpoint;
  return anchorMacOf(key, fields) === anchorMac ? 'signed' : 'forged';
}

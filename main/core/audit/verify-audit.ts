/**
 * Recomputes the audit chain from the first entry and checks it against the anchored
 * checkpoints. It tells apart:
 *   altered         entry N's MAC does not match (edited, or a checkpoint forged at N);
 *   missing         entry N is gone (a gap in the sequence, or the log ends before the last
 *                   checkpoint: a cut tail);
 *   wrong-key       the first entry (or a checkpoint) names an audit key these keys do not
 *                   hold: the key, not the log, is wrong;
 *   forged-checkpoint a checkpoint line's own MAC fails: the anchor file was tampered with;
 *   unanchored-tail the chain holds, but entries after the last checkpoint cannot be vouched
 *                   for (a cut after it would leave no trace);
 *   intact          the chain holds and its last entry is anchored.
 * Constant memory: entries are streamed.
 */
import type { AuditVerificationStatus } from '../../../shared/audit/audit-codes.ts';
import { KeyError, type KeyProvider, type PurposeKey } from '../keys/key-provider.ts';
import { anchorMacOf, type Checkpoint } from './checkpoint-anchor.ts';
import { chainMac, GENESIS_MAC, type StoredAuditEntry } from './canonical.ts';

export interface AuditVerificationResult {
  status: AuditVerificationStatus;
  entriesChecked: number;
  lastAnchoredSeq: number;
  firstBadSeq: number | null;
}

export type StoredAuditRow = StoredAuditEntry & { mac: Buffer };

export const PROGRESS_EVERY = 1000;

export function verifyAuditChain(
  rows: Iterable<StoredAuditRow>,
  checkpoints: readonly Checkpoint[],
  keys: Pick<KeyProvider, 'byId'>,
  onProgress: (checked: number) => void = () => undefined,
): AuditVerificationResult {
  const bySeq = new Map<number, Checkpoint>();
  for (const checkpoint of checkpoints) bySeq.set(checkpoint.seq, checkpoint);
  const lastAnchoredSeq = checkpoints.reduce((max, cp) => Math.max(max, cp.seq), 0);
  const result = (
    status: AuditVerificationStatus,
    checked: number,
    firstBadSeq: number | null,
  ) => ({
    status,
    entriesChecked: checked,
    lastAnchoredSeq,
    firstBadSeq,
  });

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

  for (const checkpoint of checkpoints) {
    const state = checkpointState(checkpoint, keyFor);
    if (state === 'unknown-key') return result('wrong-key', 0, 1);
    if (state === 'forged') return result('forged-checkpoint', 0, checkpoint.seq);
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

/**
 * Worker thread for audit verification, so a long log never freezes the window. It opens
 * the database read-only itself and receives only the audit keys, never other purposes.
 *
 * A long trail is split into ranges of entries, each checked from the MAC stored for the entry
 * before the range: the last by this thread, after the checkpoint lines and the database beside
 * the chain, each other by a worker thread of its own (this same file, in its "range" role;
 * a worker costs about 0.15 s of CPU to start, so this thread does not sit idle beside them).
 * The first entry that does not hold in any range is the one reported, as a single pass would.
 */
import Database from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { KeyError, type KeyProvider, type PurposeKey } from '../keys/key-provider.ts';
import { schemaDifferences } from '../db/schema-check.ts';
import type { AnchorHead } from '../keys/anchor-head.ts';
import type { GatewayHead } from '../keys/gateway-head.ts';
import type { SyslogHead } from '../keys/syslog-head.ts';
import type { DisabledOperator } from '../keys/operators-disabled.ts';
import { readCheckpointFile, unreadableCheckpointResult } from './checkpoint-anchor.ts';
import { checkDatabaseRows } from './verify-rows.ts';
import { workerAnswer } from './worker-answer.ts';
import {
  anchoredMacs,
  auditKeyLookup,
  chainVerdict,
  checkAnchorLines,
  PROGRESS_EVERY,
  type AuditVerificationResult,
  type RangeOutcome,
} from './verify-audit.ts';
import { checkStoredRange } from './verify-range.ts';

/** Below this many entries one thread checks the chain: starting workers costs more. */
export const PARALLEL_FROM = 50_000;

export interface VerifyWorkerData {
  role?: 'verify';
  /** This file, as a file: URL, for the range workers. */
  workerHref: string;
  dbPath: string;
  anchorPath: string;
  auditKeys: { id: string; secret: Uint8Array }[];
  /** Check the schema, the sealed rows and the fraud holds seen, beside the chain. */
  checkDatabase?: boolean;
  /** The keys rows are MACed with (row-mac.ts), to check them. */
  rowKeys?: { id: string; secret: Uint8Array }[];
  /** The newest checkpoint line the key store recorded. */
  head?: AnchorHead | null;
  /**
   * The ACS gateway row the key store recorded (gateway-head.ts): null when it records none,
   * absent when the keys are held only in memory (no key store).
   */
  gatewayHead?: GatewayHead | null;
  /** The central log server's target the key store recorded (syslog-head.ts); as above. */
  syslogHead?: SyslogHead | null;
  /** The operators the key store records as disabled (operators-disabled.ts); absent without one. */
  operatorsDisabled?: readonly DisabledOperator[];
  expectSeq?: number;
  /** Ranges checked at once; default: one per core for a long trail, else one. */
  threads?: number;
}

interface RangeWorkerData {
  role: 'range';
  dbPath: string;
  auditKeys: { id: string; secret: Uint8Array }[];
  from: number;
  to: number;
  /** The anchored MACs within the range: [seq, mac hex]. */
  anchored: [number, string][];
}

export type VerifyWorkerMessage =
  | { type: 'progress'; checked: number; total: number }
  | { type: 'done'; result: AuditVerificationResult }
  | { type: 'error'; message: string };

type RangeMessage =
  | { type: 'progress'; checked: number }
  | { type: 'range'; outcome: RangeOutcome }
  | { type: 'error'; message: string };

const port = parentPort!;
const input = workerData as VerifyWorkerData | RangeWorkerData;

function keyLookup(auditKeys: { id: string; secret: Uint8Array }[]) {
  const keys: Pick<KeyProvider, 'byId'> = {
    byId(_purpose, id) {
      const key = auditKeys.find((candidate) => candidate.id === id);
      if (!key) throw new KeyError(`No audit key ${id}.`);
      return { purpose: 'audit', id: key.id, secret: Buffer.from(key.secret) } satisfies PurposeKey;
    },
  };
  return auditKeyLookup(keys);
}

function runRange(data: RangeWorkerData): void {
  const db = new Database(data.dbPath, { readonly: true, fileMustExist: true });
  try {
    const outcome = checkStoredRange(
      db,
      { from: data.from, to: data.to, anchored: new Map(data.anchored) },
      keyLookup(data.auditKeys),
      (checked) => port.postMessage({ type: 'progress', checked } satisfies RangeMessage),
      RANGE_PROGRESS_EVERY,
    );
    port.postMessage({ type: 'range', outcome } satisfies RangeMessage);
  } finally {
    db.close();
  }
}

const RANGE_PROGRESS_EVERY = 10_000;

/** Starts one range worker; resolves with its outcome. */
function startRange(
  href: string,
  data: Omit<RangeWorkerData, 'role'>,
  onProgress: (checked: number) => void,
): { outcome: Promise<RangeOutcome>; stop: () => Promise<number> } {
  const worker = new Worker(new URL(href), { workerData: { role: 'range', ...data } });
  const { answer, stop } = workerAnswer<RangeMessage, RangeOutcome>(
    worker,
    (message) => {
      if (message.type === 'progress') {
        onProgress(message.checked);
        return null;
      }
      return message.type === 'range' ? { value: message.outcome } : { error: message.message };
    },
    'An audit range worker',
  );
  // Stopped early (the checkpoint lines failed): its outcome is no longer awaited.
  return { outcome: answer, stop };
}

async function runVerify(data: VerifyWorkerData): Promise<AuditVerificationResult> {
  const db = new Database(data.dbPath, { readonly: true, fileMustExist: true });
  try {
    const bounds = db
      .prepare<[], { n: number; last: number | null }>(
        'SELECT count(*) AS n, max(seq) AS last FROM audit_log',
      )
      .get()!;
    const total = bounds.n;
    const last = bounds.last ?? 0;
    const { checkpoints, unreadable } = readCheckpointFile(data.anchorPath);
    const { anchored, lastAnchoredSeq } = anchoredMacs(checkpoints);
    const keyFor = keyLookup(data.auditKeys);
    const progress = (checked: number) =>
      port.postMessage({ type: 'progress', checked, total } satisfies VerifyWorkerMessage);

    const threads = Math.max(
      1,
      Math.min(data.threads ?? (last >= PARALLEL_FROM ? availableParallelism() : 1), last),
    );
    // The schema, the sealed rows and what the trail says of them, beside the chain.
    let beside: { schema: string[]; rows: string[] } | undefined;
    const checkBeside = () => {
      beside ??= data.checkDatabase
        ? {
            schema: schemaDifferences(db),
            rows: checkDatabaseRows(
              db,
              data.rowKeys ?? [],
              data.gatewayHead,
              data.syslogHead,
              data.operatorsDisabled,
            ),
          }
        : { schema: [], rows: [] };
      return beside;
    };
    let chain: AuditVerificationResult;
    if (threads === 1) {
      const lines =
        unreadableCheckpointResult(unreadable, lastAnchoredSeq) ??
        checkAnchorLines(checkpoints, keyFor, lastAnchoredSeq, data);
      if (lines) chain = lines;
      else {
        const outcome = checkStoredRange(db, { from: 1, to: last, anchored }, keyFor, progress);
        if (!outcome.bad) progress(outcome.checked);
        chain = chainVerdict([outcome], lastAnchoredSeq, data);
      }
    } else {
      // Ranges of equal length, entry 1 to the last; each told its anchored MACs.
      const checkedBy = new Array<number>(threads).fill(0);
      let shown = 0;
      const rangeAt = (index: number) => {
        const from = Math.floor((last * index) / threads) + 1;
        const to = Math.floor((last * (index + 1)) / threads);
        return { from, to, anchored: [...anchored].filter(([seq]) => seq >= from && seq <= to) };
      };
      const checkedIn = (index: number) => (checked: number) => {
        checkedBy[index] = checked;
        const sum = checkedBy.reduce((a, b) => a + b, 0);
        if (sum - shown >= PROGRESS_EVERY) progress((shown = sum));
      };
      const ranges = Array.from({ length: threads - 1 }, (_, index) =>
        startRange(
          data.workerHref,
          { dbPath: data.dbPath, auditKeys: data.auditKeys, ...rangeAt(index) },
          checkedIn(index),
        ),
      );
      try {
        // The checkpoint lines are checked while the other ranges run; if they fail, nothing
        // the entries say matters.
        const lines =
          unreadableCheckpointResult(unreadable, lastAnchoredSeq) ??
          checkAnchorLines(checkpoints, keyFor, lastAnchoredSeq, data);
        if (lines) chain = lines;
        else {
          // Then the database beside the chain, and the last range, in this thread.
          checkBeside();
          const own = rangeAt(threads - 1);
          const mine = checkStoredRange(
            db,
            { ...own, anchored: new Map(own.anchored) },
            keyFor,
            checkedIn(threads - 1),
            RANGE_PROGRESS_EVERY,
          );
          const outcomes = [...(await Promise.all(ranges.map((range) => range.outcome))), mine];
          if (!outcomes.some((outcome) => outcome.bad))
            progress(outcomes.reduce((sum, outcome) => sum + outcome.checked, 0));
          chain = chainVerdict(outcomes, lastAnchoredSeq, data);
        }
      } finally {
        await Promise.all(ranges.map((range) => range.stop()));
      }
    }
    const { schema, rows } = checkBeside();
    return withProblems(
      withProblems(
        chain,
        'altered-schema',
        schema.map((d) => `schema: ${d}`),
      ),
      'forged-row',
      rows,
    );
  } finally {
    db.close();
  }
}

if (input.role === 'range') {
  try {
    runRange(input);
  } catch (error) {
    port.postMessage({
      type: 'error',
      message: error instanceof Error ? error.message : String(error),
    } satisfies RangeMessage);
  }
} else {
  runVerify(input).then(
    (result) => port.postMessage({ type: 'done', result } satisfies VerifyWorkerMessage),
    (error: unknown) =>
      port.postMessage({
        type: 'error',
        message: error instanceof Error ? error.message : String(error),
      } satisfies VerifyWorkerMessage),
  );
}

/** Adds problems found beside the chain; a chain that otherwise holds takes their status. */
function withProblems(
  result: AuditVerificationResult,
  status: AuditVerificationResult['status'],
  problems: string[],
): AuditVerificationResult {
  if (problems.length === 0) return result;
  const holds = ['intact', 'empty', 'unanchored-tail'].includes(result.status);
  return {
    ...result,
    status: holds ? status : result.status,
    problems: [...(result.problems ?? []), ...problems],
  };
}

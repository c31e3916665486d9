/**
 * Worker thread for audit verification, so a long log never freezes the window. It opens
 * the database read-only itself and receives only the audit keys, never other purposes.
 *
 * A long trail is split into ranges of entries, each checked by a worker thread of its own
 * (this same file, in its "range" role) from the MAC stored for the entry before the range;
 * this thread meanwhile checks the checkpoint lines and the database beside the chain. The
 * first entry that does not hold in any range is the one reported, as a single pass would.
 */
import Database from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { KeyError, type KeyProvider, type PurposeKey } from '../keys/key-provider.ts';
import { schemaDifferences } from '../db/schema-check.ts';
import type { AnchorHead } from '../keys/anchor-head.ts';
import type { GatewayHead } from '../keys/gateway-head.ts';
import { GENESIS_MAC } from './canonical.ts';
import { readCheckpointFile, unreadableCheckpointResult } from './checkpoint-anchor.ts';
import { checkDatabaseRows } from './verify-rows.ts';
import { workerAnswer } from './worker-answer.ts';
import {
  anchoredMacs,
  auditKeyLookup,
  chainVerdict,
  checkAnchorLines,
  checkChainRange,
  PROGRESS_EVERY,
  RAW_AUDIT_COLUMNS,
  RAW_READ_CHUNK,
  type AuditVerificationResult,
  type RangeOutcome,
  type RawAuditRow,
} from './verify-audit.ts';

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

/** Checks entries from..to; the entry before `from` gives the MAC the range starts from. */
function checkRange(
  db: Database.Database,
  range: { from: number; to: number; anchored: ReadonlyMap<number, string> },
  keyFor: ReturnType<typeof keyLookup>,
  onProgress: (checked: number) => void,
  progressEvery?: number,
): RangeOutcome {
  // One read transaction: the MAC before the range and the range's entries from one snapshot,
  // however long the check takes; the entries read a chunk at a time (one call into SQLite
  // per chunk, not per row).
  return db.transaction((): RangeOutcome => {
    let previous: Buffer = GENESIS_MAC;
    if (range.from > 1) {
      const before = db
        .prepare<[number], Buffer>('SELECT mac FROM audit_log WHERE seq = ?')
        .pluck()
        .get(range.from - 1);
      // Gone: the range before reports it, at that entry or earlier.
      if (before === undefined)
        return { bad: { status: 'missing', seq: range.from - 1 }, checked: 0 };
      previous = before;
    }
    return checkChainRange(
      rowsInChunks(db, range.from, range.to),
      { from: range.from, to: range.to, previous },
      range.anchored,
      keyFor,
      onProgress,
      progressEvery,
    );
  })();
}

/** Entries from..to in seq order, as raw rows, a chunk at a time. */
function* rowsInChunks(db: Database.Database, from: number, to: number): Generator<RawAuditRow> {
  const order = `ORDER BY seq LIMIT ${RAW_READ_CHUNK}`;
  // From entry 1, whatever sorts before it too: a chain must start at 1.
  const first =
    from > 1
      ? db
          .prepare<[number, number], RawAuditRow>(
            `SELECT ${RAW_AUDIT_COLUMNS} FROM audit_log WHERE seq >= ? AND seq <= ? ${order}`,
          )
          .raw()
          .all(from, to)
      : db
          .prepare<[number], RawAuditRow>(
            `SELECT ${RAW_AUDIT_COLUMNS} FROM audit_log WHERE seq <= ? ${order}`,
          )
          .raw()
          .all(to);
  const next = db
    .prepare<[number, number], RawAuditRow>(
      `SELECT ${RAW_AUDIT_COLUMNS} FROM audit_log WHERE seq > ? AND seq <= ? ${order}`,
    )
    .raw();
  let rows = first;
  while (rows.length > 0) {
    // The last seq is read before the rows are handed on (the check takes each row's MAC off).
    const last = rows.at(-1)![0];
    yield* rows;
    if (rows.length < RAW_READ_CHUNK) return;
    rows = next.all(last, to);
  }
}

function runRange(data: RangeWorkerData): void {
  const db = new Database(data.dbPath, { readonly: true, fileMustExist: true });
  try {
    const outcome = checkRange(
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
    let chain: AuditVerificationResult;
    if (threads === 1) {
      const lines =
        unreadableCheckpointResult(unreadable, lastAnchoredSeq) ??
        checkAnchorLines(checkpoints, keyFor, lastAnchoredSeq, data);
      if (lines) chain = lines;
      else {
        const outcome = checkRange(db, { from: 1, to: last, anchored }, keyFor, progress);
        if (!outcome.bad) progress(outcome.checked);
        chain = chainVerdict([outcome], lastAnchoredSeq, data);
      }
    } else {
      // Ranges of equal length, entry 1 to the last; each worker told its anchored MACs.
      const checkedBy = new Array<number>(threads).fill(0);
      let shown = 0;
      const ranges = Array.from({ length: threads }, (_, index) => {
        const from = Math.floor((last * index) / threads) + 1;
        const to = Math.floor((last * (index + 1)) / threads);
        return startRange(
          data.workerHref,
          {
            dbPath: data.dbPath,
            auditKeys: data.auditKeys,
            from,
            to,
            anchored: [...anchored].filter(([seq]) => seq >= from && seq <= to),
          },
          (checked) => {
            checkedBy[index] = checked;
            const sum = checkedBy.reduce((a, b) => a + b, 0);
            if (sum - shown >= PROGRESS_EVERY) progress((shown = sum));
          },
        );
      });
      try {
        // The checkpoint lines are checked while the ranges run; if they fail, nothing the
        // entries say matters.
        const lines =
          unreadableCheckpointResult(unreadable, lastAnchoredSeq) ??
          checkAnchorLines(checkpoints, keyFor, lastAnchoredSeq, data);
        if (lines) chain = lines;
        else {
          const outcomes = await Promise.all(ranges.map((range) => range.outcome));
          if (!outcomes.some((outcome) => outcome.bad))
            progress(outcomes.reduce((sum, outcome) => sum + outcome.checked, 0));
          chain = chainVerdict(outcomes, lastAnchoredSeq, data);
        }
      } finally {
        await Promise.all(ranges.map((range) => range.stop()));
      }
    }
    const schema = data.checkDatabase ? schemaDifferences(db) : [];
    const rowProblems = data.checkDatabase
      ? checkDatabaseRows(db, data.rowKeys ?? [], data.gatewayHead)
      : [];
    return withProblems(
      withProblems(
        chain,
        'altered-schema',
        schema.map((d) => `schema: ${d}`),
      ),
      'forged-row',
      rowProblems,
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

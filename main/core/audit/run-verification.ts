/** Runs audit verification in a worker thread and reports progress; resolves with the result. */
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { KeyProvider, PurposeKey } from '../keys/key-provider.ts';
import { rowMacKey } from '../keys/row-mac.ts';
import type { AuditVerificationResult } from './verify-audit.ts';
import type { VerifyWorkerData, VerifyWorkerMessage } from './verify-worker.ts';
import { workerAnswer } from './worker-answer.ts';

export interface RunAuditVerificationOptions {
  dbPath: string;
  anchorPath: string;
  /** The audit keys the chain may name: every key of the purpose, oldest first. */
  keys: KeyProvider;
  onProgress?: (checked: number, total: number) => void;
  /**
   * Also check the schema against the migrations, every sealed row against its MAC and the
   * fraud holds the trail saw (desk-admin audit verify, the console's audit.verify).
   */
  checkDatabase?: boolean;
  /** The last entry the central collector received (desk-admin audit verify --expect-seq). */
  expectSeq?: number;
  /** The worker script; the Electron build passes its bundled file. */
  workerUrl?: URL | string;
  /**
   * Ranges of the chain checked at once, each on a worker thread; default: one per core for
   * a trail of PARALLEL_FROM entries or more, else one.
   */
  threads?: number;
  /** Ends the worker (and its range workers) when aborted; the answer then never comes. */
  signal?: AbortSignal;
}

export const DEFAULT_VERIFY_WORKER = new URL('./verify-worker.ts', import.meta.url);

export function runAuditVerification(
  options: RunAuditVerificationOptions,
): Promise<AuditVerificationResult> {
  // Only the audit keys cross into the worker: it has no use for lookup or verification keys.
  const keys = options.keys.all('audit');
  const plain = (list: readonly PurposeKey[]) =>
    list.map((key) => ({ id: key.id, secret: new Uint8Array(key.secret) }));
  const workerUrl = options.workerUrl ?? DEFAULT_VERIFY_WORKER;
  const data: VerifyWorkerData = {
    // The range workers are this same script: the Electron build has only the one file.
    workerHref: (typeof workerUrl === 'string' ? pathToFileURL(workerUrl) : workerUrl).href,
    dbPath: options.dbPath,
    anchorPath: options.anchorPath,
    auditKeys: plain(keys),
    // Row MAC keys are derived from the audit keys (row-mac.ts): nothing else crosses.
    ...(options.checkDatabase && { checkDatabase: true, rowKeys: plain(keys.map(rowMacKey)) }),
    head: options.keys.anchorHead?.read() ?? null,
    ...(options.checkDatabase &&
      options.keys.gatewayHead && { gatewayHead: options.keys.gatewayHead.read() }),
    ...(options.checkDatabase &&
      options.keys.syslogHead && { syslogHead: options.keys.syslogHead.read() }),
    ...(options.checkDatabase &&
      options.keys.operatorsDisabled && {
        operatorsDisabled: options.keys.operatorsDisabled.read(),
      }),
    ...(options.expectSeq !== undefined && { expectSeq: options.expectSeq }),
    ...(options.threads !== undefined && { threads: options.threads }),
  };
  const worker = new Worker(workerUrl, { workerData: data });
  const running = workerAnswer<VerifyWorkerMessage, AuditVerificationResult>(
    worker,
    (message) => {
      if (message.type === 'progress') {
        options.onProgress?.(message.checked, message.total);
        return null;
      }
      return message.type === 'done' ? { value: message.result } : { error: message.message };
    },
    'The audit verification worker',
  );
  if (options.signal?.aborted) void running.stop();
  else options.signal?.addEventListener('abort', () => void running.stop(), { once: true });
  return running.answer;
}

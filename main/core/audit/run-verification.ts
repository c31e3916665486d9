/** Runs audit verification in a worker thread and reports progress; resolves with the result. */
import { Worker } from 'node:worker_threads';
import type { KeyProvider } from '../keys/key-provider.ts';
import type { AuditVerificationResult } from './verify-audit.ts';
import type { VerifyWorkerData, VerifyWorkerMessage } from './verify-worker.ts';

export interface RunAuditVerificationOptions {
  dbPath: string;
  anchorPath: string;
  /** The audit keys the chain may name: every key of the purpose, oldest first. */
  keys: KeyProvider;
  onProgress?: (checked: number, total: number) => void;
  /** The worker script; the Electron build passes its bundled file. */
  workerUrl?: URL | string;
}

export const DEFAULT_VERIFY_WORKER = new URL('./verify-worker.ts', import.meta.url);

export function runAuditVerification(
  options: RunAuditVerificationOptions,
): Promise<AuditVerificationResult> {
  // Only the audit keys cross into the worker: it has no use for lookup or verification keys.
  const keys = options.keys.all('audit');
  const data: VerifyWorkerData = {
    dbPath: options.dbPath,
    anchorPath: options.anchorPath,
    auditKeys: keys.map((key) => ({ id: key.id, secret: new Uint8Array(key.secret) })),
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(options.workerUrl ?? DEFAULT_VERIFY_WORKER, { workerData: data });
    let settled = false;
    worker.on('message', (message: VerifyWorkerMessage) => {
      if (message.type === 'progress') options.onProgress?.(message.checked, message.total);
      else if (message.type === 'done') {
        settled = true;
        resolve(message.result);
      } else {
        settled = true;
        reject(new Error(message.message));
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`The audit verification worker stopped (exit ${code}).`));
    });
  });
}

/**
 * Worker thread for audit verification, so a long log never freezes the window. It opens
 * the database read-only itself and receives only the audit keys, never other purposes.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { KeyError, type KeyProvider, type PurposeKey } from '../keys/key-provider.ts';
import { fileAnchor } from './checkpoint-anchor.ts';
import { verifyAuditChain, type StoredAuditRow } from './verify-audit.ts';

export interface VerifyWorkerData {
  dbPath: string;
  anchorPath: string;
  auditKeys: { id: string; secret: Uint8Array }[];
}

export type VerifyWorkerMessage =
  | { type: 'progress'; checked: number; total: number }
  | { type: 'done'; result: ReturnType<typeof verifyAuditChain> }
  | { type: 'error'; message: string };

const input = workerData as VerifyWorkerData;
const port = parentPort!;

const keys: Pick<KeyProvider, 'byId'> = {
  byId(_purpose, id) {
    const key = input.auditKeys.find((candidate) => candidate.id === id);
    if (!key) throw new KeyError(`No audit key ${id}.`);
    return { purpose: 'audit', id: key.id, secret: Buffer.from(key.secret) } satisfies PurposeKey;
  },
};

try {
  const db = new Database(input.dbPath, { readonly: true, fileMustExist: true });
  try {
    const total = (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    const rows = db
      .prepare(
        `SELECT seq, at, operator_id, username, origin, action, subject_type, subject_id, result, details, key_id, mac
         FROM audit_log ORDER BY seq`,
      )
      .iterate() as IterableIterator<StoredAuditRow>;
    const result = verifyAuditChain(rows, fileAnchor(input.anchorPath).readAll(), keys, (checked) =>
      port.postMessage({ type: 'progress', checked, total } satisfies VerifyWorkerMessage),
    );
    port.postMessage({ type: 'done', result } satisfies VerifyWorkerMessage);
  } finally {
    db.close();
  }
} catch (error) {
  port.postMessage({
    type: 'error',
    message: error instanceof Error ? error.message : String(error),
  } satisfies VerifyWorkerMessage);
}

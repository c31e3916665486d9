/**
 * Worker thread for audit verification, so a long log never freezes the window. It opens
 * the database read-only itself and receives only the audit keys, never other purposes.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { KeyError, type KeyProvider, type PurposeKey } from '../keys/key-provider.ts';
import { schemaDifferences } from '../db/schema-check.ts';
import type { AnchorHead } from '../keys/anchor-head.ts';
import { fileAnchor } from './checkpoint-anchor.ts';
import { checkDatabaseRows } from './verify-rows.ts';
import {
  verifyAuditChain,
  type AuditVerificationResult,
  type StoredAuditRow,
} from './verify-audit.ts';

export interface VerifyWorkerData {
  dbPath: string;
  anchorPath: string;
  auditKeys: { id: string; secret: Uint8Array }[];
  /** Check the schema, the sealed rows and the fraud holds seen, beside the chain. */
  checkDatabase?: boolean;
  /** The keys rows are MACed with (row-mac.ts), to check them. */
  rowKeys?: { id: string; secret: Uint8Array }[];
  /** The newest checkpoint line the key store recorded. */
  head?: AnchorHead | null;
  expectSeq?: number;
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
    const chain = verifyAuditChain(
      rows,
      fileAnchor(input.anchorPath).readAll(),
      keys,
      (checked) =>
        port.postMessage({ type: 'progress', checked, total } satisfies VerifyWorkerMessage),
      { head: input.head ?? null, expectSeq: input.expectSeq },
    );
    rows.return?.(); // an early answer leaves the statement open; close it before the next query
    const schema = input.checkDatabase ? schemaDifferences(db) : [];
    const rowProblems = input.checkDatabase ? checkDatabaseRows(db, input.rowKeys ?? []) : [];
    const result = withProblems(
      withProblems(
        chain,
        'altered-schema',
        schema.map((d) => `schema: ${d}`),
      ),
      'forged-row',
      rowProblems,
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

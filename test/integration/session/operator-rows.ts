/**
 * What the operator-row tests share: an operator's row as stored, and `desk-admin operator
 * disable` run for real.
 */
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { runCli } from '../cli/cli-harness.ts';

export function rowOf(dbPath: string, username: string): Record<string, unknown> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT * FROM operators WHERE username = ?').get(username) as Record<
      string,
      unknown
    >;
  } finally {
    db.close();
  }
}

/** Disables the operator through desk-admin (which must succeed). */
export async function disableByCli(dbPath: string, keyFile: string, username: string) {
  const disabled = await runCli([
    'operator',
    'disable',
    '--db',
    dbPath,
    '--key-file',
    keyFile,
    '--username',
    username,
  ]);
  expect(disabled.code).toBe(0);
}

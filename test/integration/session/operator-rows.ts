/**
 * What the operator-row tests share: an operator's row as stored, the row put back as someone
 * who writes the file without the keys would (an older copy, its genuine MAC), and `desk-admin
 * operator disable` run for real.
 */
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
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

const COLUMNS = [
  'username',
  'display_name',
  'role',
  'password_hash',
  'password_changed_at',
  'failed_sign_ins',
  'locked_until',
  'disabled_at',
  'created_at',
  'mac_key_id',
  'row_mac',
] as const;

/** Writes the stored row back over the operator's row (no keys needed: its MAC is its own). */
export function putRow(dbPath: string, row: Record<string, unknown>): void {
  const raw = keylessWriter(dbPath);
  try {
    raw
      .prepare(
        `UPDATE operators SET ${COLUMNS.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`,
      )
      .run(Object.fromEntries(['id', ...COLUMNS].map((c) => [c, row[c]])));
  } finally {
    raw.close();
  }
}

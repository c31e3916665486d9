/**
 * What the import tests share: a new database with its key file, an in-process import at a
 * fixed clock, the real desk-admin as a child process, and a checksum of the tables an
 * import writes (the data, not the run's own bookkeeping or the audit trail).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createAuditTrail } from '../../../main/core/audit/audit-trail.ts';
import { defaultAnchorPath } from '../../../main/core/audit/checkpoint-anchor.ts';
import { manualClock } from '../../../main/core/clock.ts';
import { openDatabase, type Db } from '../../../main/core/db/connection.ts';
import { readKeyBinding } from '../../../main/core/keys/database-key-binding.ts';
import { openKeyProvider } from '../../../main/core/keys/open-key-provider.ts';
import {
  runImport,
  type ImportOptions,
  type ImportResult,
} from '../../../main/core/import/importer.ts';
import { readMapping } from '../../../main/core/import/readers.ts';
import { keyFolder } from '../../helpers/temp-dir.ts';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/import');
export const DESK_ADMIN = join(import.meta.dirname, '../../../main/cli/desk-admin.ts');
export const IMPORT_NOW = '2026-11-20T01:00:00.000Z';

/** desk-admin as a real process, with its output. */
export function deskAdmin(...args: string[]) {
  return spawnSync(process.execPath, [DESK_ADMIN, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** A new empty database and its key file in `dir` (desk-admin init). */
export function newDatabase(dir: string, name = 'desk'): { dbPath: string; keyFile: string } {
  const dbPath = join(dir, `${name}.db`);
  const keyFile = join(keyFolder(dir), `${name}.key`);
  const init = deskAdmin('init', '--db', dbPath, '--key-file', keyFile);
  if (init.status !== 0) throw new Error(`init failed: ${init.stderr}`);
  return { dbPath, keyFile };
}

/** Opens the database with its keys and audit trail, runs `fn`, closes. */
export async function withImportDb<T>(
  target: { dbPath: string; keyFile: string },
  fn: (edges: Pick<ImportOptions, 'db' | 'keys' | 'audit' | 'clock'>) => Promise<T> | T,
  now = IMPORT_NOW,
): Promise<T> {
  const db = openDatabase(target.dbPath);
  try {
    const keys = openKeyProvider({ keyFile: target.keyFile, ...readKeyBinding(db) });
    const clock = manualClock(now);
    const audit = createAuditTrail(db, keys, defaultAnchorPath(target.dbPath), { clock });
    return await fn({ db, keys, audit, clock });
  } finally {
    db.close();
  }
}

/** Imports one file in-process (a CSV file with its mapping path). */
export function importFile(
  target: { dbPath: string; keyFile: string },
  file: string,
  options: { mapping?: string; dryRun?: boolean; now?: string } = {},
): Promise<ImportResult> {
  return withImportDb(
    target,
    (edges) =>
      runImport({
        ...edges,
        origin: 'test',
        file,
        mapping: options.mapping ? readMapping(options.mapping) : undefined,
        dryRun: options.dryRun,
      }),
    options.now,
  );
}

/** The tables an import writes, each row in rowid order. */
export const DATA_TABLES = [
  'cardholders',
  'surname_keys',
  'cards',
  'contact_points',
  'verification_facts',
  'lockouts',
  'auth_attempts',
  'import_tombstones',
] as const;

export function tableChecksums(dbPath: string): Record<string, string> {
  const db: Db = openDatabase(dbPath, { readonly: true });
  try {
    const sums: Record<string, string> = {};
    for (const table of DATA_TABLES) {
      const hash = createHash('sha256');
      const order = table === 'surname_keys' ? 'key, cardholder_id' : 'rowid';
      for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).raw().iterate())
        hash.update(JSON.stringify(row));
      sums[table] = hash.digest('hex');
    }
    return sums;
  } finally {
    db.close();
  }
}

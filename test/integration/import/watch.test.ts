/**
 * The drop folder: files renamed into it are applied in name order and moved to done/ or
 * failed/ beside their reports; a bad file does not stop the next one. One watcher per
 * database: a second one is refused while the first holds the lease.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LeaseHeldError, watchFolder } from '../../../main/core/import/watch-folder.ts';
import { systemClock } from '../../../main/core/clock.ts';
import { openDatabase } from '../../../main/core/db/connection.ts';
import { createLease } from '../../../main/core/lease/lease.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { FIXTURES, importFile, newDatabase, withImportDb } from './import-harness.ts';

const tempDir = useTempDir('verify-desk-import-watch-');

const lock = (asOf: string, clearedAt: string | null) =>
  JSON.stringify({
    type: 'lockout',
    id: 'LK-IMP-0001',
    cardId: 'IMP-C-001',
    cause: 'wrong_codes',
    since: '2026-11-20T00:52:00Z',
    until: null,
    clearedAt,
    asOf,
  });

/** Written under a dot name (ignored), then renamed in: how a feed delivers. */
function drop(dir: string, name: string, text: string) {
  writeFileSync(join(dir, `.${name}.partial`), `${text}\n`);
  renameSync(join(dir, `.${name}.partial`), join(dir, name));
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(condition()).toBe(true);
}

describe('import --watch', () => {
  it('applies dropped files in order; a bad one goes to failed/ with its report and the next still applies', async () => {
    const root = tempDir();
    const target = newDatabase(root);
    await importFile(target, join(FIXTURES, 'issuer-sample.jsonl'));
    const dropDir = join(root, 'drop');
    const seen: string[] = [];
    const controller = new AbortController();

    await withImportDb(target, async (edges) => {
      mkdirSync(dropDir);
      const watching = watchFolder({
        ...edges,
        origin: 'test',
        dir: dropDir,
        holder: 'test-watcher',
        pollMs: 20,
        signal: controller.signal,
        onFile: (name, outcome) => seen.push(`${name} ${outcome}`),
      });

      // A second watcher on the same database is refused while the first holds the lease.
      await until(() => existsSync(join(dropDir, 'done')));
      await expect(
        watchFolder({
          ...edges,
          origin: 'test',
          dir: dropDir,
          holder: 'another-watcher',
          pollMs: 20,
          signal: controller.signal,
        }),
      ).rejects.toBeInstanceOf(LeaseHeldError);

      drop(dropDir, 'feed-001.jsonl', lock('2026-11-20T01:01:00Z', '2026-11-20T01:00:30Z'));
      await until(() => seen.length === 1);
      // The second holds an OTP column: refused whole. The third, dropped with it, still runs.
      drop(
        dropDir,
        'feed-002.jsonl',
        JSON.stringify({ type: 'attempt', id: 'X', otp: '123456', asOf: '2026-11-20T01:02:00Z' }),
      );
      drop(dropDir, 'feed-003.jsonl', lock('2026-11-20T01:03:00Z', null));
      await until(() => seen.length === 3);
      controller.abort();
      await watching;
    });

    expect(seen).toEqual(['feed-001.jsonl done', 'feed-002.jsonl failed', 'feed-003.jsonl done']);
    expect(readdirSync(join(dropDir, 'done')).sort()).toEqual([
      'feed-001.jsonl',
      'feed-001.jsonl.report.json',
      'feed-003.jsonl',
      'feed-003.jsonl.report.json',
    ]);
    expect(readdirSync(join(dropDir, 'failed')).sort()).toEqual([
      'feed-002.jsonl',
      'feed-002.jsonl.report.json',
    ]);
    const failed = JSON.parse(
      readFileSync(join(dropDir, 'failed', 'feed-002.jsonl.report.json'), 'utf8'),
    ) as { state: string; refusal: unknown };
    expect(failed).toMatchObject({ state: 'refused', refusal: { field: 'otp', line: 1 } });

    // In order: cleared by the first file, locked again by the third (newer) one.
    const db = openDatabase(target.dbPath);
    const row = db
      .prepare("SELECT cleared_at, as_of FROM lockouts WHERE external_id = 'LK-IMP-0001'")
      .get();
    // Stopping released the lease: another watcher may take it at once.
    const next = createLease(db, {
      name: 'import-watcher',
      holder: 'next-watcher',
      ttlMs: 60_000,
      clock: systemClock,
    });
    const taken = next.acquire();
    db.close();
    expect(row).toEqual({ cleared_at: null, as_of: '2026-11-20T01:03:00.000Z' });
    expect(taken).toBe(true);
  });

  it('a lease row planted to run out in the year 9999 does not stop the watcher', async () => {
    const root = tempDir();
    const target = newDatabase(root);
    const dropDir = join(root, 'drop');
    mkdirSync(dropDir);
    const seen: string[] = [];
    const controller = new AbortController();
    await withImportDb(target, async (edges) => {
      // Without the keys: a holder nobody runs.
      edges.db
        .prepare(
          `INSERT INTO leases (name, holder, generation, acquired_at, expires_at)
           VALUES ('import-watcher', 'nobody', 7, '2026-11-20T00:00:00.000Z', '9999-12-31T00:00:00.000Z')`,
        )
        .run();
      drop(dropDir, 'feed-001.jsonl', lock('2026-11-20T01:01:00Z', null));
      const watching = watchFolder({
        ...edges,
        origin: 'test',
        dir: dropDir,
        holder: 'test-watcher',
        pollMs: 20,
        signal: controller.signal,
        onFile: (name, outcome) => seen.push(`${name} ${outcome}`),
      });
      await until(() => seen.length === 1);
      controller.abort();
      await watching;
    });
    expect(seen).toEqual(['feed-001.jsonl done']);
  });
});

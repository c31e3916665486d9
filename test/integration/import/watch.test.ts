/**
 * The drop folder: files renamed into it are applied in name order and moved to done/ or
 * failed/ beside their reports; a bad file does not stop the next one. One watcher per
 * database: a second one is refused while the first holds the lease.
 */
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LeaseHeldError,
  watchFolder,
  WatchFolderError,
} from '../../../main/core/import/watch-folder.ts';
import { systemClock } from '../../../main/core/clock.ts';
import { openDatabase } from '../../../main/core/db/connection.ts';
import { createLease } from '../../../main/core/lease/lease.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { runCli } from '../cli/cli-harness.ts';
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

/** Written under a dot name (ignored), then renamed in: how a feed delivers. Owner-only. */
function drop(dir: string, name: string, text: string) {
  writeFileSync(join(dir, `.${name}.partial`), `${text}\n`, { mode: 0o600 });
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
      mkdirSync(dropDir, { mode: 0o700 });
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
    mkdirSync(dropDir, { mode: 0o700 });
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

  describe('only the folder owner feeds it (POSIX modes)', () => {
    const posix = process.platform !== 'win32';
    /** Handing a file to another user needs root. */
    const asRoot = posix && process.getuid?.() === 0;
    /** Not the test's user: a file handed to it is "another user's". */
    const STRANGER = 4321;

    it.runIf(posix).each(['0770', '0702'])(
      'a folder with mode %s (others can write it) is refused before anything is read',
      async (shown) => {
        const mode = Number.parseInt(shown, 8);
        const root = tempDir();
        const target = newDatabase(root);
        const dropDir = join(root, 'drop');
        mkdirSync(dropDir);
        chmodSync(dropDir, mode);
        drop(dropDir, 'feed-001.jsonl', lock('2026-11-20T01:01:00Z', null));
        await withImportDb(target, async (edges) => {
          const watching = watchFolder({
            ...edges,
            origin: 'test',
            dir: dropDir,
            holder: 'test-watcher',
            pollMs: 20,
            signal: new AbortController().signal,
          });
          await expect(watching).rejects.toBeInstanceOf(WatchFolderError);
          await expect(watching).rejects.toThrow(`can be changed by other users (mode ${shown})`);
          // Not even its lease was taken, nor its done/ and failed/ made.
          expect(edges.db.prepare('SELECT count(*) AS n FROM leases').get()).toEqual({ n: 0 });
        });
        expect(readdirSync(dropDir)).toEqual(['feed-001.jsonl']);
        // On Windows the modes mean nothing: the folder is watched (its ACL is the admin's duty).
        const controller = new AbortController();
        const seen: string[] = [];
        await withImportDb(target, async (edges) => {
          const watching = watchFolder({
            ...edges,
            origin: 'test',
            dir: dropDir,
            holder: 'test-watcher',
            pollMs: 20,
            platform: 'win32',
            signal: controller.signal,
            onFile: (name, outcome) => seen.push(`${name} ${outcome}`),
          });
          await until(() => seen.length === 1);
          controller.abort();
          await watching;
        });
        expect(seen).toEqual(['feed-001.jsonl done']);
      },
    );

    it.runIf(posix)(
      'desk-admin import --watch refuses such a folder, saying what to do',
      async () => {
        const root = tempDir();
        const target = newDatabase(root);
        const dropDir = join(root, 'drop');
        mkdirSync(dropDir);
        chmodSync(dropDir, 0o775);
        const { code, stderr } = await runCli([
          'import',
          '--db',
          target.dbPath,
          '--key-file',
          target.keyFile,
          '--watch',
          dropDir,
        ]);
        expect(code).toBe(1);
        expect(stderr).toBe(
          `desk-admin: Drop folder "${dropDir}" can be changed by other users (mode 0775): whatever they put in it would be imported under the database's keys, so Verify Desk refuses to watch it. Restrict it to its owner: chmod go-w "${dropDir}".\n`,
        );
      },
    );

    it.runIf(asRoot)(
      "a file others can write, or another user's, goes to failed/ unread into the database, audited; the owner's own still applies",
      async () => {
        const root = tempDir();
        const target = newDatabase(root);
        await importFile(target, join(FIXTURES, 'issuer-sample.jsonl'));
        const dropDir = join(root, 'drop');
        mkdirSync(dropDir, { mode: 0o700 });
        const strangers = join(root, 'elsewhere');
        mkdirSync(strangers, { mode: 0o755 });
        // Each would clear the lockout the owner's file sets; none may.
        const clearing = lock('2026-11-20T01:05:00Z', '2026-11-20T01:04:00Z');
        drop(dropDir, 'feed-001.jsonl', lock('2026-11-20T01:01:00Z', null));
        drop(dropDir, 'feed-002.jsonl', clearing);
        chmodSync(join(dropDir, 'feed-002.jsonl'), 0o664);
        drop(dropDir, 'feed-003.jsonl', clearing);
        chmodSync(join(dropDir, 'feed-003.jsonl'), 0o606);
        drop(dropDir, 'feed-004.jsonl', clearing);
        chownSync(join(dropDir, 'feed-004.jsonl'), STRANGER, STRANGER);
        // A link of the owner's to a stranger's file is judged by the file.
        writeFileSync(join(strangers, 'feed.jsonl'), `${clearing}\n`, { mode: 0o644 });
        chownSync(join(strangers, 'feed.jsonl'), STRANGER, STRANGER);
        symlinkSync(join(strangers, 'feed.jsonl'), join(dropDir, 'feed-005.jsonl'));

        const seen: string[] = [];
        const controller = new AbortController();
        await withImportDb(target, async (edges) => {
          const watching = watchFolder({
            ...edges,
            origin: 'test',
            dir: dropDir,
            holder: 'test-watcher',
            pollMs: 20,
            signal: controller.signal,
            onFile: (name, outcome) => seen.push(`${name} ${outcome}`),
          });
          await until(() => seen.length === 5);
          controller.abort();
          await watching;
        });

        expect(seen).toEqual([
          'feed-001.jsonl done',
          'feed-002.jsonl failed',
          'feed-003.jsonl failed',
          'feed-004.jsonl failed',
          'feed-005.jsonl failed',
        ]);
        const report = (name: string) =>
          JSON.parse(readFileSync(join(dropDir, 'failed', `${name}.report.json`), 'utf8')) as {
            state: string;
            reason: string;
          };
        expect(report('feed-002.jsonl')).toEqual({
          file: 'feed-002.jsonl',
          state: 'refused',
          reason: 'writable-by-others',
        });
        expect(report('feed-003.jsonl').reason).toBe('writable-by-others');
        expect(report('feed-004.jsonl').reason).toBe('another-owner');
        expect(report('feed-005.jsonl').reason).toBe('another-owner');

        const db = openDatabase(target.dbPath);
        const row = db
          .prepare("SELECT cleared_at, as_of FROM lockouts WHERE external_id = 'LK-IMP-0001'")
          .get();
        const runs = db
          .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'import.run'")
          .get();
        const refused = (
          db
            .prepare(
              "SELECT subject_id, result, details FROM audit_log WHERE action = 'import.refused' ORDER BY seq",
            )
            .all() as { subject_id: string; result: string; details: string }[]
        ).map((entry) => ({ ...entry, details: JSON.parse(entry.details) as unknown }));
        db.close();
        // Only the owner's file was applied: the lockout stands.
        expect(row).toEqual({ cleared_at: null, as_of: '2026-11-20T01:01:00.000Z' });
        expect(runs).toEqual({ n: 2 }); // the sample's and the owner's file's
        const sha = createHash('sha256').update(`${clearing}\n`).digest('hex');
        expect(refused).toEqual([
          {
            subject_id: sha,
            result: 'refused',
            details: {
              file: 'feed-002.jsonl',
              sha256: sha,
              reason: 'writable-by-others',
              mode: '0664',
              owner: 0,
              folderOwner: 0,
            },
          },
          expect.objectContaining({
            details: expect.objectContaining({ reason: 'writable-by-others', mode: '0606' }),
          }),
          expect.objectContaining({
            details: expect.objectContaining({ reason: 'another-owner', owner: STRANGER }),
          }),
          expect.objectContaining({
            details: expect.objectContaining({ file: 'feed-005.jsonl', owner: STRANGER }),
          }),
        ]);
      },
    );

    it.runIf(posix)('a folder opened to others while watched stops the watcher', async () => {
      const root = tempDir();
      const target = newDatabase(root);
      const dropDir = join(root, 'drop');
      mkdirSync(dropDir, { mode: 0o700 });
      const seen: string[] = [];
      await withImportDb(target, async (edges) => {
        const watching = watchFolder({
          ...edges,
          origin: 'test',
          dir: dropDir,
          holder: 'test-watcher',
          pollMs: 20,
          signal: new AbortController().signal,
          onFile: (name, outcome) => seen.push(`${name} ${outcome}`),
        });
        await until(() => existsSync(join(dropDir, 'done')));
        chmodSync(dropDir, 0o777);
        drop(dropDir, 'feed-001.jsonl', lock('2026-11-20T01:01:00Z', null));
        await expect(watching).rejects.toBeInstanceOf(WatchFolderError);
      });
      expect(seen).toEqual([]);
      expect(existsSync(join(dropDir, 'feed-001.jsonl'))).toBe(true);
    });
  });
});

/**
 * Issue 16: the built app's audit verification worker exists and runs. Builds the app with
 * electron-vite (into a folder of its own), checks that its main folder holds the worker file the app's entry points at
 * (bundle-paths.ts), and runs a verification through the router with that very file, in
 * Node, against a demo database.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_WORKER_FILE, bundlePaths } from '../../../main/shell/bundle-paths.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
// A build of its own: out/ may be serving the renderer to a browser test running beside this one.
// Inside the project, so the built worker finds the project's node_modules as out/ does.
const CACHE_DIR = join(ROOT, 'node_modules', '.cache');
mkdirSync(CACHE_DIR, { recursive: true });
const OUT_DIR = mkdtempSync(join(CACHE_DIR, 'desk-build-'));
const MAIN_DIR = join(OUT_DIR, 'main');
const demoCore = useDemoCore({ cardholders: 6 });

afterAll(() => rmSync(OUT_DIR, { recursive: true, force: true }));

beforeAll(() => {
  execFileSync(
    join(ROOT, 'node_modules', '.bin', 'electron-vite'),
    ['build', '--outDir', OUT_DIR],
    {
      cwd: ROOT,
      stdio: 'pipe',
      timeout: 300_000,
    },
  );
}, 300_000);

describe('the built audit verification worker', () => {
  it('is emitted beside the app’s main script, where the app points', () => {
    const worker = bundlePaths(MAIN_DIR).auditWorker;
    expect(worker).toBe(join(MAIN_DIR, AUDIT_WORKER_FILE));
    expect(existsSync(worker)).toBe(true);
    // The app's entry names the file it hands the core (main.ts → bundlePaths).
    expect(readFileSync(join(MAIN_DIR, 'index.js'), 'utf8')).toContain(AUDIT_WORKER_FILE);
  });

  it('runs in Node against a demo database, through the router', async () => {
    const workerUrl = pathToFileURL(bundlePaths(MAIN_DIR).auditWorker);
    const { core, signIn, query } = await demoCore({ auditWorkerUrl: workerUrl });
    await signIn('auditor');
    const result = await core.router.call('w1', 'audit.verify', {});
    // The check is itself recorded after it ran: it checked every entry before its own.
    const entries = query<{ n: number }>(
      "SELECT count(*) AS n FROM audit_log WHERE action != 'audit.verify'",
    )[0]!.n;
    expect(query("SELECT 1 FROM audit_log WHERE action = 'audit.verify'")).toHaveLength(1);
    // Every entry checked, nothing wrong; the sign-in just made is not anchored yet.
    expect(result).toMatchObject({
      ok: true,
      value: { status: 'unanchored-tail', entriesChecked: entries, firstBadSeq: null },
    });
    expect(entries).toBeGreaterThan(1);
  });
});

/**
 * Issue 16: the built app's audit verification worker exists and runs. Builds the app with
 * electron-vite, checks that out/main holds the worker file the app's entry points at
 * (bundle-paths.ts), and runs a verification through the router with that very file, in
 * Node, against a demo database.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_WORKER_FILE, bundlePaths } from '../../../main/shell/bundle-paths.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const MAIN_DIR = join(ROOT, 'out', 'main');
const demoCore = useDemoCore({ cardholders: 6 });

beforeAll(() => {
  execFileSync(join(ROOT, 'node_modules', '.bin', 'electron-vite'), ['build'], {
    cwd: ROOT,
    stdio: 'pipe',
    timeout: 300_000,
  });
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

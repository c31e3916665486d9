/**
 * The lease: one holder at a time, renewals keep it, a holder that stops renewing loses it to
 * the next once its time is out, a holder that lost it commits nothing through `fenced`, and
 * release hands it over at once — on one connection with a fixed clock, and between two OS
 * processes on one database file, one of them killed mid-run.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../main/core/clock.ts';
import { migrate } from '../../../main/core/db/migrate.ts';
import { createLease, LEASE_SKEW_MS } from '../../../main/core/lease/lease.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();

function leaseDb(path = ':memory:') {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  migrate(db);
  return db;
}

describe('lease on one database', () => {
  it('one holder at a time; renewal keeps it; expiry lets the next take over with a new generation', () => {
    const db = leaseDb();
    const clock = manualClock('2026-11-20T01:00:00.000Z');
    const a = createLease(db, { name: 'job', holder: 'a', ttlMs: 10_000, clock });
    const b = createLease(db, { name: 'job', holder: 'b', ttlMs: 10_000, clock });
    expect(a.acquire()).toBe(true);
    expect(b.acquire()).toBe(false);
    clock.advance(9_000);
    expect(a.acquire()).toBe(true); // renewed until 19 s
    clock.advance(9_000);
    expect(b.acquire()).toBe(false);
    expect(a.holds()).toBe(true);
    clock.advance(1_000); // a stopped renewing: its time is out
    expect(a.holds()).toBe(false);
    expect(b.acquire()).toBe(true);
    expect(a.acquire()).toBe(false);
    const row = db.prepare("SELECT holder, generation FROM leases WHERE name = 'job'").get();
    expect(row).toEqual({ holder: 'b', generation: 2 });
  });

  it('a holder that lost its lease commits nothing through fenced; release hands it over at once', () => {
    const db = leaseDb();
    db.exec('CREATE TABLE work (n INTEGER)');
    const clock = manualClock('2026-11-20T01:00:00.000Z');
    const a = createLease(db, { name: 'job', holder: 'a', ttlMs: 1_000, clock });
    const b = createLease(db, { name: 'job', holder: 'b', ttlMs: 1_000, clock });
    const work = (n: number) => () => db.prepare('INSERT INTO work VALUES (?)').run(n);
    expect(a.acquire()).toBe(true);
    expect(a.fenced(work(1)).held).toBe(true);
    clock.advance(1_500); // a stalls past its time; b takes over
    expect(b.acquire()).toBe(true);
    expect(a.fenced(work(2))).toEqual({ held: false });
    // a coming back takes nothing while b renews.
    expect(a.acquire()).toBe(false);
    b.release();
    expect(a.acquire()).toBe(true);
    expect(a.fenced(work(3)).held).toBe(true);
    expect(db.prepare('SELECT n FROM work').pluck().all()).toEqual([1, 3]);
  });

  it('a row planted to run out further ahead than any renewal sets holds nothing: the next process takes it over', () => {
    const db = leaseDb();
    const clock = manualClock('2026-11-20T01:00:00.000Z');
    const a = createLease(db, { name: 'job', holder: 'a', ttlMs: 10_000, clock });
    expect(a.acquire()).toBe(true);
    // Without the keys: a holder nobody runs, until the year 9999.
    db.prepare(
      `UPDATE leases SET holder = 'nobody', generation = generation + 1,
         expires_at = '9999-12-31T00:00:00.000Z' WHERE name = 'job'`,
    ).run();
    expect(a.holds()).toBe(false);
    expect(a.acquire()).toBe(true);
    expect(db.prepare("SELECT holder, generation FROM leases WHERE name = 'job'").get()).toEqual({
      holder: 'a',
      generation: 3,
    });
    // A holder whose clock runs ahead by less than LEASE_SKEW_MS is still respected.
    const ahead = new Date(clock.now().getTime() + 10_000 + LEASE_SKEW_MS).toISOString();
    db.prepare(
      `UPDATE leases SET holder = 'b', generation = generation + 1, expires_at = ? WHERE name = 'job'`,
    ).run(ahead);
    expect(a.acquire()).toBe(false);
  });

  it('refuses a time to live that is not positive', () => {
    const clock = manualClock('2026-11-20T01:00:00.000Z');
    expect(() => createLease(leaseDb(), { name: 'job', holder: 'a', ttlMs: 0, clock })).toThrow(
      RangeError,
    );
  });
});

describe('lease between two OS processes on one file', () => {
  const script = join(import.meta.dirname, 'lease-process.ts');
  const start = (db: string, holder: string, runMs: number) =>
    spawn(process.execPath, [script, db, holder, '300', String(runMs)], { stdio: 'pipe' });
  const held = (child: ChildProcess) =>
    new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('held')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before holding`)));
    });
  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  it('never both hold it; the survivor takes over once the killed holder’s time is out', async () => {
    const path = join(tempDir(), 'lease.db');
    const setup = leaseDb(path);
    setup.exec(
      'CREATE TABLE work (seq INTEGER PRIMARY KEY, holder TEXT NOT NULL, at TEXT NOT NULL)',
    );
    setup.close();

    const a = start(path, 'a', 10_000);
    await held(a);
    const b = start(path, 'b', 2_500);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const killedAt = Date.now();
    a.kill('SIGKILL');
    await exited(a);
    expect(await exited(b)).toBe(0);

    const db = new Database(path, { readonly: true });
    const rows = db.prepare('SELECT holder, at FROM work ORDER BY seq').all() as {
      holder: string;
      at: string;
    }[];
    db.close();
    const holders = rows
      .map((r) => r.holder)
      .join('')
      .replace(/(.)\1+/gu, '$1');
    // a alone until it was killed, then b alone: one change of holder, never interleaved.
    expect(holders).toBe('ab');
    const lastA = Date.parse(rows.findLast((r) => r.holder === 'a')!.at);
    const firstB = Date.parse(rows.find((r) => r.holder === 'b')!.at);
    expect(lastA).toBeLessThanOrEqual(killedAt);
    expect(firstB - lastA).toBeGreaterThanOrEqual(250); // b waited for a's time to run out
  }, 30_000);
});

/**
 * A desk server owns its database while it runs: a second server refuses to start, and
 * desk-admin's writers refuse to write beside it, saying what to do instead, with nothing
 * changed. A server that was killed holds nothing once its process is gone. The live feed's
 * drop folder is watched by the server itself.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createCliIo } from '../../../main/cli/cli-io.ts';
import { main as deskAdmin } from '../../../main/cli/desk-admin.ts';
import { manualClock, systemClock } from '../../../main/core/clock.ts';
import { copyDemoDatabase } from '../../helpers/demo-template.ts';
import {
  claimDeskServer,
  DESK_SERVER_LEASE,
  DESK_SERVER_LEASE_MS,
  DeskServerRunningError,
  deskServerHolder,
  runningDeskServer,
} from '../../../main/core/lease/desk-server-lease.ts';
import { openDatabase, type Db } from '../../../main/core/db/connection.ts';
import { createAuditTrail } from '../../../main/core/audit/audit-trail.ts';
import { anchorPathOf } from '../../../main/core/desk-core-options.ts';
import { openKeyFile } from '../../../main/core/keys/key-file.ts';
import { serveDatabase, type RunningServer } from '../../../main/server/serve.ts';
import { TEST_PASSWORD_COST } from '../../helpers/test-password-cost.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { serverCerts } from './server-fixture.ts';

const tempDir = useTempDir('verify-desk-claim-');
const running: RunningServer[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
});

async function demo(cardholders = 4) {
  const dir = tempDir();
  const dbPath = join(dir, 'desk.db');
  const keyFile = join(dir, 'desk.key');
  await copyDemoDatabase({ dbPath, keyFile, cardholders, passwordCost: TEST_PASSWORD_COST });
  return { dir, dbPath, keyFile };
}

async function serve(
  dbPath: string,
  keyFile: string,
  services?: Parameters<typeof serveDatabase>[0]['services'],
) {
  const { server } = await serverCerts();
  const internal: string[] = [];
  const started = await serveDatabase({
    dbPath,
    keyFile,
    host: '127.0.0.1',
    port: 0,
    tls: server,
    clock: systemClock,
    logInternal: (line) => internal.push(line),
    passwordCost: TEST_PASSWORD_COST,
    ...(services ? { services } : {}),
  });
  running.push(started);
  return { started, internal };
}

async function admin(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io = createCliIo({
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (out += text) },
    env: {},
    readPassword: async () => 'Correct-horse-battery-9',
  });
  return { code: await deskAdmin(args, io), out };
}

/** Claims the database as a server does: its claim recorded in the database's audit trail. */
function claimWithTrail(
  db: Db,
  dbPath: string,
  keyFile: string,
  options: Omit<Parameters<typeof claimDeskServer>[1], 'audit' | 'origin' | 'logInternal'> & {
    logInternal?: (line: string) => void;
  },
) {
  const audit = createAuditTrail(db, openKeyFile(keyFile), anchorPathOf(dbPath), {
    clock: options.clock,
  });
  return claimDeskServer(db, {
    logInternal: () => undefined,
    ...options,
    audit,
    origin: 'desk-server@test',
  });
}

const countOf = (dbPath: string, sql: string) => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('a desk server owns its database', () => {
  it('refuses a second server and every desk-admin writer beside it, changing nothing', async () => {
    const { dir, dbPath, keyFile } = await demo();
    const { started } = await serve(dbPath, keyFile);
    const db = openDatabase(dbPath, { readonly: true });
    try {
      expect(runningDeskServer(db, systemClock)).toMatchObject({ holder: deskServerHolder() });
    } finally {
      db.close();
    }

    await expect(serve(dbPath, keyFile)).rejects.toThrow(DeskServerRunningError);

    const feed = join(dir, 'feed.jsonl');
    writeFileSync(feed, '');
    const backup = join(dir, 'backup.db');
    expect(
      (await admin(['backup', '--db', dbPath, '--to', backup, '--key-file', keyFile])).code,
    ).toBe(0);
    const auditBefore = countOf(dbPath, 'SELECT count(*) AS n FROM audit_log');
    const writers: [string[], RegExp][] = [
      [['policy', 'set', '--key', 'idleLockMinutes', '--value', '10'], /stop the server first/u],
      [
        ['operator', 'add', '--username', 'new.agent', '--role', 'agent', '--name', 'New Agent'],
        /stop the server first/u,
      ],
      [['import', feed], /put the file in its import folder \(desk-admin serve --import-dir\)/u],
      [
        ['syslog', 'set', '--host', 'logs.example', '--port', '6514', '--ca', feed],
        /stop the server first/u,
      ],
      [['restore', '--from', backup], /a restore replaces the file it has open/u],
    ];
    for (const [args, instead] of writers) {
      const { code, out } = await admin([...args, '--db', dbPath, '--key-file', keyFile]);
      expect(code, args.join(' ')).toBe(1);
      expect(out, args.join(' ')).toMatch(
        /A desk server \(desk-server@.+:\d+\) is serving this database/u,
      );
      expect(out, args.join(' ')).toMatch(instead);
    }
    // Nothing was written: no entry beyond the backup's own, the policy as it was.
    expect(countOf(dbPath, 'SELECT count(*) AS n FROM audit_log')).toBe(auditBefore);
    expect((await admin(['policy', 'get', '--db', dbPath, '--key', 'idleLockMinutes'])).out).toBe(
      'idleLockMinutes\t15\n',
    );
    expect(
      await admin(['import', '--watch', dir, '--dry-run', '--db', dbPath, '--key-file', keyFile]),
    ).toEqual({
      code: 1,
      out: 'desk-admin: --dry-run checks one file; it does not go with --watch.\n',
    });

    // Shutting an insider out does not wait for the floor to stop: disable works beside it
    // (the router reads the operator's standing at every call), and listing only reads.
    const keys = ['--db', dbPath, '--key-file', keyFile];
    expect(await admin(['operator', 'disable', '--username', 'demo.agent', ...keys])).toEqual({
      code: 0,
      out: 'Disabled "demo.agent".\n',
    });
    expect((await admin(['operator', 'list', ...keys])).out).toMatch(
      /^demo\.agent\tagent\tdisabled\t/mu,
    );

    // Stopped, the server hands the database back at once.
    await started.stop();
    running.splice(running.indexOf(started), 1);
    const set = await admin([
      'policy',
      'set',
      '--key',
      'idleLockMinutes',
      '--value',
      '10',
      '--db',
      dbPath,
      '--key-file',
      keyFile,
    ]);
    expect(set).toEqual({ code: 0, out: 'idleLockMinutes: 15 → 10\n' });
  });

  it('a killed server holds nothing once its process is gone; a live one elsewhere holds until its time runs out', async () => {
    const { dbPath, keyFile } = await demo(2);
    const ended = spawnSync(process.execPath, ['-e', '0']);
    expect(ended.status).toBe(0);
    // The claims below are never renewed: their time runs as the test says.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    onTestFinished(() => {
      vi.clearAllTimers();
      vi.useRealTimers();
    });
    const plant = (holder: string, expiresInMs: number) => {
      const db = new Database(dbPath);
      try {
        db.prepare(
          `INSERT INTO leases (name, holder, generation, acquired_at, expires_at) VALUES (?, ?, 7, ?, ?)
           ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at`,
        ).run(
          DESK_SERVER_LEASE,
          holder,
          new Date().toISOString(),
          new Date(Date.now() + expiresInMs).toISOString(),
        );
      } finally {
        db.close();
      }
    };
    const claim = () => {
      const db = openDatabase(dbPath);
      try {
        claimWithTrail(db, dbPath, keyFile, { clock: systemClock }).release();
      } finally {
        db.close();
      }
    };

    // A claim of this machine's server, recorded in the trail, whose process has ended.
    const before = openDatabase(dbPath);
    claimWithTrail(before, dbPath, keyFile, {
      clock: systemClock,
      holder: deskServerHolder(hostname(), ended.pid!),
    });
    before.close();
    expect(claim).not.toThrow();

    // A server on another machine, its claim recorded in the trail: it holds while it renews.
    const other = openDatabase(dbPath);
    try {
      const elsewhere = claimWithTrail(other, dbPath, keyFile, {
        clock: systemClock,
        holder: deskServerHolder('desk02.cc.example', 4242),
      });
      expect(claim).toThrow(/Another desk server \(desk-server@desk02\.cc\.example:4242\)/u);
      plant(deskServerHolder('desk02.cc.example', 4242), -1);
      expect(claim).not.toThrow();
      elsewhere.release();
    } finally {
      other.close();
    }
    // A claim no server makes (running out a year ahead), planted to lock the admins out:
    // it holds nothing.
    plant(deskServerHolder('desk02.cc.example', 4242), 365 * 24 * 3600_000);
    expect(claim).not.toThrow();
  });

  it('a server whose claim was taken over (it froze past its time) is told to stop', async () => {
    const { dbPath, keyFile } = await demo(2);
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const first = openDatabase(dbPath);
    const second = openDatabase(dbPath);
    try {
      const clock = manualClock(new Date());
      const lost: string[] = [];
      const frozen = claimWithTrail(first, dbPath, keyFile, {
        clock,
        holder: deskServerHolder('desk01.cc.example', 1111),
        logInternal: (line) => lost.push(line),
        onClaimLost: () => lost.push('stop'),
      });
      clock.advance(DESK_SERVER_LEASE_MS + 1);
      const next = claimWithTrail(second, dbPath, keyFile, {
        clock,
        holder: deskServerHolder('desk02.cc.example', 2222),
      });
      vi.advanceTimersByTime(DESK_SERVER_LEASE_MS / 3);
      expect(lost).toEqual([
        'desk-server: another server took this database over; stopping',
        'stop',
      ]);
      frozen.release();
      next.release();
    } finally {
      vi.useRealTimers();
      first.close();
      second.close();
    }
  });

  it("watches the live feed's drop folder as a hosted service", async () => {
    const { dir, dbPath, keyFile } = await demo(2);
    const drop = join(dir, 'drop');
    mkdirSync(drop);
    const { internal } = await serve(dbPath, keyFile, (core) => [
      core.importFolderService({ dir: drop, pollMs: 50 }),
    ]);
    const sample = new URL('../../fixtures/import/issuer-sample.jsonl', import.meta.url);
    copyFileSync(sample, join(drop, '.feed-1.jsonl'));
    renameSync(join(drop, '.feed-1.jsonl'), join(drop, 'feed-1.jsonl'));
    await expect
      .poll(() => existsSync(join(drop, 'done', 'feed-1.jsonl')), { timeout: 20_000 })
      .toBe(true);
    expect(internal).toContain('import-watcher: feed-1.jsonl done');
    // One run for the feed file (the demo's own import runs came before it).
    expect(
      countOf(
        dbPath,
        "SELECT count(*) AS n FROM audit_log WHERE action = 'import.run' AND details LIKE '%feed-1.jsonl%'",
      ),
    ).toBe(1);
  });
});

/**
 * The desk server's claim row is believed only as far as the audit trail vouches for it. As
 * someone who writes the database file without the keys: one UPDATE naming another holder
 * must neither stop the running server nor refuse its restart; the lead is alerted instead.
 * A real second server (with the keys) is still refused beside a running one, and one that
 * took over from a server frozen past its time still stops it.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { manualClock, systemClock, type Clock } from '../../../main/core/clock.ts';
import { createDeskCore, type DeskCore } from '../../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../../main/core/desk-core-options.ts';
import {
  DESK_SERVER_LEASE,
  DESK_SERVER_LEASE_MS,
  DeskServerRunningError,
  deskServerHolder,
} from '../../../main/core/lease/desk-server-lease.ts';
import { copyDemoDatabase } from '../../helpers/demo-template.ts';
import { runCli } from '../cli/cli-harness.ts';
import { TEST_PASSWORD_COST } from '../../helpers/test-password-cost.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir('verify-desk-claim-trail-');
const open: DeskCore[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const core of open.splice(0)) core.close();
});

async function demo() {
  const dir = tempDir();
  const dbPath = join(dir, 'desk.db');
  const keyFile = join(dir, 'desk.key');
  await copyDemoDatabase({ dbPath, keyFile, cardholders: 2, passwordCost: TEST_PASSWORD_COST });
  return { dbPath, keyFile };
}

function server(
  f: { dbPath: string; keyFile: string },
  clock: Clock,
  log: string[] = [],
): DeskCore {
  const core = createDeskCore(
    deskCoreOptions({
      dbPath: f.dbPath,
      keyFile: f.keyFile,
      clock,
      origin: 'desk-server@test',
      passwordCost: TEST_PASSWORD_COST,
      persistSessions: true,
      claimAsServer: true,
      logInternal: (line) => log.push(line),
      onClaimLost: () => log.push('stop'),
    }),
  );
  open.push(core);
  return core;
}

/** As the insider: one UPDATE of the claim row, no keys. */
function plantClaim(dbPath: string, holder: string, expiresAt: Date): void {
  const db = new Database(dbPath);
  try {
    db.prepare(
      `UPDATE leases SET holder = ?, generation = generation + 1, acquired_at = ?, expires_at = ?
       WHERE name = ?`,
    ).run(holder, new Date().toISOString(), expiresAt.toISOString(), DESK_SERVER_LEASE);
  } finally {
    db.close();
  }
}

function claimRow(dbPath: string): { holder: string } {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT holder FROM leases WHERE name = ?').get(DESK_SERVER_LEASE) as {
      holder: string;
    };
  } finally {
    db.close();
  }
}

function leaseAlerts(dbPath: string): { holder: string }[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (
      db
        .prepare("SELECT details FROM audit_log WHERE action = 'alert.altered-row' ORDER BY seq")
        .all() as { details: string }[]
    )
      .map((row) => JSON.parse(row.details) as { table: string; holder: string })
      .filter((details) => details.table === 'leases');
  } finally {
    db.close();
  }
}

const elsewhere = deskServerHolder('desk02.cc.example', 4242);

describe('the desk server claim row, written without the keys', () => {
  it('does not stop the running server: it keeps its claim and the lead is alerted', async () => {
    const f = await demo();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const log: string[] = [];
    server(f, systemClock, log);

    plantClaim(f.dbPath, elsewhere, new Date(Date.now() + DESK_SERVER_LEASE_MS));
    vi.advanceTimersByTime(DESK_SERVER_LEASE_MS / 3);

    expect(log).not.toContain('stop');
    expect(claimRow(f.dbPath).holder).toBe(deskServerHolder());
    expect(leaseAlerts(f.dbPath)).toMatchObject([{ holder: elsewhere }]);
  });

  it('does not stop it with a takeover entry forged beside it, nor by deleting the row', async () => {
    const f = await demo();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const log: string[] = [];
    server(f, systemClock, log);

    // The takeover "recorded" too: a claim entry appended with a MAC made up, no keys.
    const db = new Database(f.dbPath);
    try {
      db.prepare(
        `INSERT INTO audit_log (seq, at, operator_id, username, origin, action, subject_type,
           subject_id, result, details, key_id, mac)
         SELECT seq + 1, ?, NULL, NULL, 'desk-server@desk02', 'database.server-claim', 'database',
           ?, 'success', '{"generation":2}', key_id, randomblob(32)
         FROM audit_log ORDER BY seq DESC LIMIT 1`,
      ).run(new Date().toISOString(), elsewhere);
    } finally {
      db.close();
    }
    plantClaim(f.dbPath, elsewhere, new Date(Date.now() + DESK_SERVER_LEASE_MS));
    vi.advanceTimersByTime(DESK_SERVER_LEASE_MS / 3);
    expect(log).not.toContain('stop');
    expect(claimRow(f.dbPath).holder).toBe(deskServerHolder());

    const deleter = new Database(f.dbPath);
    try {
      deleter.prepare('DELETE FROM leases WHERE name = ?').run(DESK_SERVER_LEASE);
    } finally {
      deleter.close();
    }
    vi.advanceTimersByTime(DESK_SERVER_LEASE_MS / 3);
    expect(log).not.toContain('stop');
    expect(claimRow(f.dbPath).holder).toBe(deskServerHolder());
    expect(leaseAlerts(f.dbPath)).toMatchObject([{ holder: elsewhere }, { holder: null }]);
  });

  it('does not refuse a restart: the planted holder holds nothing, and the lead is alerted', async () => {
    const f = await demo();
    server(f, systemClock);
    open.pop()!.close();

    plantClaim(f.dbPath, elsewhere, new Date(Date.now() + DESK_SERVER_LEASE_MS));
    const verify = await runCli(['audit', 'verify', '--db', f.dbPath, '--key-file', f.keyFile]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(
      `leases row desk-server names ${elsewhere} (claim 2), a desk server claim the audit trail does not record`,
    );
    expect(() => server(f, systemClock)).not.toThrow();
    expect(claimRow(f.dbPath).holder).toBe(deskServerHolder());
    expect(leaseAlerts(f.dbPath)).toMatchObject([{ holder: elsewhere }]);
  });
});

describe('the desk server claim between servers holding the keys', () => {
  it('refuses a second server beside a running one', async () => {
    const f = await demo();
    server(f, systemClock);
    expect(() => server(f, systemClock)).toThrow(DeskServerRunningError);
    expect(leaseAlerts(f.dbPath)).toEqual([]);
  });

  it('a server frozen past its time is taken over by the next and told to stop', async () => {
    const f = await demo();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const clock = manualClock(new Date());
    const log: string[] = [];
    server(f, clock, log);
    // Frozen: no renewal for longer than its time to live. The same process stands in for the
    // second server, so the first's process is alive: only its time ran out.
    clock.advance(DESK_SERVER_LEASE_MS + 1);
    server(f, clock);
    vi.advanceTimersByTime(DESK_SERVER_LEASE_MS / 3);
    expect(log).toEqual(['desk-server: another server took this database over; stopping', 'stop']);
    expect(leaseAlerts(f.dbPath)).toEqual([]);
  });
});

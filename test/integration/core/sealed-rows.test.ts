/**
 * Security-relevant rows carry a MAC (migration 007): a row changed with Python's sqlite3
 * is never used — an altered operator cannot sign in, a forged policy value stops the
 * console from starting, an altered lock holds the card for fraud and raises an alert — and
 * a fraud hold deleted after the console saw it is named by `audit verify`.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmbeddedAcsGateway } from '../../../main/core/acs/embedded-acs-gateway.ts';
import { createLockoutSeal } from '../../../main/core/acs/sealed-lockouts.ts';
import { createAuditTrail } from '../../../main/core/audit/audit-trail.ts';
import { manualClock } from '../../../main/core/clock.ts';
import { openDatabase } from '../../../main/core/db/connection.ts';
import { DEMO_EPOCH, DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { copyDemoDatabase } from '../../helpers/demo-template.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { deskCoreOptions } from '../../../main/core/desk-core-options.ts';
import { createDeskCore, type DeskCore } from '../../../main/core/desk-core.ts';
import { openKeyFile } from '../../../main/core/keys/key-file.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { TEST_PASSWORD_COST } from '../../helpers/test-password-cost.ts';
import { runCli } from '../cli/cli-harness.ts';

const tempDir = useTempDir();

/** An outsider with Python's sqlite3 and a made-up MAC (no key). */
function outsider(dbPath: string, sql: string): void {
  const script = [
    'import sqlite3, sys',
    'con = sqlite3.connect(sys.argv[1])',
    "con.create_function('desk_row_mac', -1, lambda *a: bytes(32))",
    "con.create_function('desk_row_key_id', 0, lambda: 'audit-000000000000')",
    "con.create_function('desk_row_holds', -1, lambda *a: 1)",
    'con.executescript(sys.argv[2])',
    'con.commit()',
    'con.close()',
  ].join('\n');
  execFileSync('python3', ['-c', script, dbPath, sql]);
}

async function demo() {
  const dir = tempDir();
  const dbPath = join(dir, 'desk.db');
  const keyFile = join(dir, 'desk.key');
  await copyDemoDatabase({ dbPath, keyFile, cardholders: 20, passwordCost: TEST_PASSWORD_COST });
  const open = () =>
    createDeskCore(
      deskCoreOptions({
        dbPath,
        keyFile,
        clock: manualClock(DEMO_EPOCH),
        origin: 'console@test',
        logInternal: () => undefined,
        passwordCost: TEST_PASSWORD_COST,
      }),
    );
  const query = <T>(sql: string): T[] => {
    const db = new Database(dbPath, { readonly: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  };
  const verify = () => runCli(['audit', 'verify', '--db', dbPath, '--key-file', keyFile]);
  return { dbPath, keyFile, open, query, verify };
}

/** The embedded ACS as the console builds it, on a connection of its own. */
function gatewayOf(dbPath: string, keyFile: string) {
  const db = openDatabase(dbPath);
  const audit = createAuditTrail(db, openKeyFile(keyFile), `${dbPath}.anchors`, {
    clock: manualClock(DEMO_EPOCH),
  });
  return {
    db,
    acs: createEmbeddedAcsGateway(db, createLockoutSeal(db, audit, 'console@test')),
    close: () => {
      audit.anchorNow();
      db.close();
    },
  };
}

describe('sealed rows', () => {
  it('a fresh demo database verifies, rows and all', async () => {
    const d = await demo();
    const run = await d.verify();
    expect(run.stdout).toMatch(/^Audit trail intact/);
    expect(run.code).toBe(0);
  });

  it('an operator whose role was edited cannot sign in, and the alert is audited', async () => {
    const d = await demo();
    const agent = demoOperator('agent');
    outsider(d.dbPath, `UPDATE operators SET role = 'admin' WHERE username = '${agent.username}'`);
    const core = d.open();
    try {
      const result = await core.router.call('w1', 'session.signIn', {
        username: agent.username,
        password: agent.password,
      });
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'unauthenticated', reason: 'session.account-altered' },
      });
      if (!result.ok) expect(result.error.message).toMatch(/changed outside Verify Desk/);
      // Other operators are unaffected.
      const lead = demoOperator('lead');
      const ok = await core.router.call('w2', 'session.signIn', {
        username: lead.username,
        password: lead.password,
      });
      expect(ok.ok).toBe(true);
    } finally {
      core.close();
    }
    expect(
      d.query<{ result: string; subject_type: string }>(
        "SELECT result, subject_type FROM audit_log WHERE action = 'alert.altered-row'",
      ),
    ).toEqual([{ result: 'alert', subject_type: 'operator' }]);
    const run = await d.verify();
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/operators row\(s\) with id \d+ do not match their MAC/);
  });

  it('a forged policy value stops the console from starting, naming it', async () => {
    const d = await demo();
    outsider(
      d.dbPath,
      "INSERT INTO policy (key, value, updated_at) VALUES ('signInFailureLimit', '1000', 'now')",
    );
    expect(() => d.open()).toThrow(
      /Policy value "signInFailureLimit" was changed outside Verify Desk/,
    );
    outsider(d.dbPath, 'PRAGMA optimize; ANALYZE;');
    expect(() => d.open()).toThrow(/signInFailureLimit/);
    expect((await d.verify()).stdout).toMatch(/policy row\(s\) with key signInFailureLimit/);
    // An admin repairs it by setting it again.
    const set = await runCli([
      'policy',
      'set',
      '--db',
      d.dbPath,
      '--key-file',
      d.keyFile,
      '--key',
      'signInFailureLimit',
      '--value',
      '6',
    ]);
    expect(set.code, set.stderr).toBe(0);
    d.open().close();
  });

  it('an altered lock holds the card for fraud (no reset) and raises an alert', async () => {
    const d = await demo();
    const [lock] = d.query<{ id: number; card_id: number }>(
      "SELECT id, card_id FROM lockouts WHERE cause = 'wrong_codes' AND cleared_at IS NULL ORDER BY id LIMIT 1",
    );
    expect(lock).toBeDefined();
    // Clearing the lock, as if a reset had happened.
    outsider(
      d.dbPath,
      `UPDATE lockouts SET cleared_at = '2026-01-01T00:00:00.000Z' WHERE id = ${lock!.id}`,
    );
    const g = gatewayOf(d.dbPath, d.keyFile);
    try {
      const state = await g.acs.readState(lock!.card_id, new Date(DEMO_EPOCH));
      expect(state.lock).toMatchObject({ state: 'locked', cause: 'fraud_hold', until: null });
    } finally {
      g.close();
    }
    expect(
      d.query<{ details: string }>(
        "SELECT details FROM audit_log WHERE action = 'alert.altered-row'",
      ),
    ).toEqual([{ details: JSON.stringify({ lockoutIds: [lock!.id], table: 'lockouts' }) }]);
    const run = await d.verify();
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`lockouts row\\(s\\) with id ${lock!.id} do not match`));
  });

  it('swapping a lock to another card is caught: the MAC binds the card', async () => {
    const d = await demo();
    const [a, b] = d.query<{ id: number; card_id: number }>(
      'SELECT id, card_id FROM lockouts ORDER BY id LIMIT 2',
    );
    outsider(
      d.dbPath,
      `DROP TRIGGER lockouts_sealed_on_update;
       UPDATE lockouts SET card_id = ${b!.card_id === a!.card_id ? a!.card_id + 1 : b!.card_id} WHERE id = ${a!.id};`,
    );
    const run = await d.verify();
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/schema: trigger lockouts_sealed_on_update is missing/);
    expect(run.stdout).toMatch(new RegExp(`lockouts row\\(s\\) with id ${a!.id}`));
  });

  it('a fraud hold deleted after the console saw it is named by audit verify', async () => {
    const d = await demo();
    const [hold] = d.query<{ id: number; card_id: number; public_id: string }>(
      `SELECT l.id, l.card_id, c.public_id FROM lockouts l JOIN cards c ON c.id = l.card_id
       WHERE l.cause = 'fraud_hold' AND l.cleared_at IS NULL ORDER BY l.id LIMIT 1`,
    );
    expect(hold).toBeDefined();
    const g = gatewayOf(d.dbPath, d.keyFile);
    try {
      for (let i = 0; i < 2; i++) {
        const state = await g.acs.readState(hold!.card_id, new Date(DEMO_EPOCH));
        expect(state.lock).toMatchObject({ cause: 'fraud_hold' });
      }
    } finally {
      g.close();
    }
    // Seen once: one entry, however often it is read.
    expect(
      d.query<{ subject_id: string }>(
        "SELECT subject_id FROM audit_log WHERE action = 'lockout.fraud-hold-seen'",
      ),
    ).toEqual([{ subject_id: hold!.public_id }]);
    expect((await d.verify()).code).toBe(0);
    outsider(
      d.dbPath,
      `DELETE FROM lockouts WHERE id = ${hold!.id}; DELETE FROM fraud_holds_seen;`,
    );
    outsider(d.dbPath, 'PRAGMA optimize; ANALYZE;');
    const run = await d.verify();
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(
        `the fraud hold on card ${hold!.public_id} \\(lockout ${hold!.id}, seen at audit entry \\d+\\) is gone from lockouts`,
      ),
    );
  });
});

describe('forged reset and approval rows', () => {
  const hanako = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
  const cardId = hanako.cards[0]!.publicId;

  /** The agent finds the locked card, opens it and verifies the caller: a call to plant in. */
  async function verifiedCall(core: DeskCore) {
    const { username, password } = demoOperator('agent');
    await core.router.call('w1', 'session.signIn', { username, password });
    await core.router.call('w1', 'cards.search', {
      key: 'customer-ref',
      customerRef: hanako.customerRef,
    });
    expect((await core.router.call('w1', 'cards.open', { cardId })).ok).toBe(true);
    const verified = await core.router.call('w1', 'caller.verify', {
      cardId,
      dob: hanako.dob,
      postcode: hanako.postcode,
    });
    expect(verified).toMatchObject({ ok: true, value: { status: 'verified' } });
  }

  /** The open call's card, call and current lock, and the agent, as the planted rows name them. */
  const planted = (d: Awaited<ReturnType<typeof demo>>) =>
    d.query<{ card: number; call: number; since: string; agent: number }>(
      `SELECT c.id AS card, k.id AS call, l.since, k.operator_id AS agent
       FROM cards c JOIN calls k ON k.card_id = c.id JOIN lockouts l ON l.card_id = c.id
       WHERE c.public_id = '${cardId}' AND l.cleared_at IS NULL ORDER BY k.id DESC LIMIT 1`,
    )[0]!;

  const alerts = (d: Awaited<ReturnType<typeof demo>>) =>
    d.query<{ details: string }>(
      "SELECT details FROM audit_log WHERE action = 'alert.altered-row' ORDER BY seq",
    );

  it('a reset planted as "failed" is never sent again: the card is held and the lead alerted', async () => {
    const d = await demo();
    const core = d.open();
    try {
      await verifiedCall(core);
      const row = planted(d);
      outsider(
        d.dbPath,
        `INSERT INTO resets (public_id, card_id, call_id, lock_since, requested_by, requested_at,
           reason, note, state)
         VALUES ('reset_planted', ${row.card}, ${row.call}, '${row.since}', ${row.agent},
           '${row.since}', 'other', '', 'failed');
         INSERT INTO reset_outbox (reset_id, idempotency_key, state, created_at, updated_at)
         VALUES (last_insert_rowid(), 'reset:planted', 'failed', 'x', 'x');`,
      );
      const retry = await core.router.call('w1', 'lockout.retry', { cardId });
      expect(retry).toMatchObject({ ok: false, error: { reason: 'reset.fraud' } });
      const status = await core.router.call('w1', 'lockout.status', { cardId });
      expect(status).toMatchObject({ ok: true, value: { allowed: false, refusal: 'fraud' } });
    } finally {
      core.close();
    }
    // The lock is still in force, and one alert names the planted row.
    expect(
      d.query(`SELECT id FROM lockouts WHERE card_id = ${planted(d).card} AND cleared_at IS NULL`),
    ).toHaveLength(1);
    expect(alerts(d).map((a) => JSON.parse(a.details) as { table: string })).toEqual([
      { table: 'resets', rowIds: [expect.any(Number)] },
    ]);
    expect((await d.verify()).stdout).toMatch(/resets row\(s\) with id \d+ do not match/);
  });

  it('a request planted as pending never reaches the queue and cannot be approved', async () => {
    const d = await demo();
    const core = d.open();
    try {
      await verifiedCall(core);
      const row = planted(d);
      outsider(
        d.dbPath,
        `INSERT INTO approval_requests (public_id, card_id, call_id, lock_since, requested_by,
           requested_at, expires_at, reason, note, escalation)
         VALUES ('apr_planted', ${row.card}, ${row.call}, '${row.since}', ${row.agent},
           '2020-01-01T00:00:00.000Z', '2999-01-01T00:00:00.000Z', 'other', '', '[]');`,
      );
      const lead = demoOperator('lead');
      await core.router.call('w2', 'session.signIn', {
        username: lead.username,
        password: lead.password,
      });
      const queue = await core.router.call('w2', 'approvals.list', {});
      expect(queue).toMatchObject({ ok: true, value: { requests: [] } });
      const decided = await core.router.call('w2', 'approvals.decide', {
        approvalId: 'apr_planted',
        decision: 'approve',
        note: 'Caller verified twice.',
      });
      expect(decided).toMatchObject({ ok: false, error: { reason: 'reset.fraud' } });
    } finally {
      core.close();
    }
    expect(d.query(`SELECT id FROM resets WHERE card_id = ${planted(d).card}`)).toEqual([]);
    expect(alerts(d).map((a) => JSON.parse(a.details) as { table: string })).toEqual([
      { table: 'approval_requests', rowIds: [expect.any(Number)] },
    ]);
  });
});

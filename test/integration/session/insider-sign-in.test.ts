/**
 * Issue 16, sign-in: a burst of concurrent attempts cannot get past the failure limit, and a
 * right password inside the burst neither signs in nor clears the lock; unknown, locked and
 * disabled accounts all get the one answer; a hash below today's cost is raised at the next
 * sign-in; disabling an operator ends their live session at its next call.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { storedCost } from '../../../main/core/operators/password.ts';
import { defaultPolicy } from '../../../main/core/policy/policy.ts';
import type { DeskCore } from '../../../main/core/desk-core.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const agent = demoOperator('agent');

describe('sign-in under attack', () => {
  it('60 concurrent wrong passwords and the right one: locked, and the right one did not sign in', async () => {
    const { core, query } = await demoCore();
    const attempts = Array.from({ length: 61 }, (_, i) => ({
      callerId: `burst-${i}`,
      // The right password rides early in the burst, among the attempts under the limit.
      password: i === 2 ? agent.password : `wrong-password-${i}`,
    }));
    const results = await Promise.all(
      attempts.map(({ callerId, password }) =>
        core.router.call(callerId, 'session.signIn', { username: agent.username, password }),
      ),
    );
    expect(results.filter((r) => r.ok)).toEqual([]);
    expect(results[2]).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated', reason: 'session.wrong-credentials' },
    });
    const [row] = query<{ locked_until: string | null }>(
      'SELECT locked_until FROM operators WHERE username = ?',
      agent.username,
    );
    expect(row!.locked_until).not.toBeNull();
    // No window holds a session; the audit trail has no successful sign-in.
    for (const { callerId } of attempts) {
      expect(await core.router.call(callerId, 'session.current', {})).toMatchObject({
        value: { state: 'signed-out' },
      });
    }
    expect(
      query("SELECT seq FROM audit_log WHERE action = 'session.sign-in' AND result = 'success'"),
    ).toEqual([]);
    // At most the limit's worth of passwords were really tried; the rest were refused unheard.
    const reasons = query<{ reason: string }>(
      `SELECT json_extract(details, '$.reason') AS reason FROM audit_log
       WHERE action = 'session.sign-in' AND result = 'failure'`,
    ).map((r) => r.reason);
    expect(reasons).toHaveLength(61);
    expect(reasons.filter((r) => r === 'wrong-password').length).toBeLessThanOrEqual(
      defaultPolicy.signInFailureLimit,
    );
    expect(query("SELECT seq FROM audit_log WHERE action = 'operator.locked-out'")).toHaveLength(1);
    // The lock holds for the right password afterwards too.
    expect(
      await core.router.call('later', 'session.signIn', {
        username: agent.username,
        password: agent.password,
      }),
    ).toMatchObject({ ok: false, error: { reason: 'session.wrong-credentials' } });
  });

  it('unknown, locked and disabled accounts get the same answer as a wrong password', async () => {
    const { core, admin } = await demoCore();
    const signIn = (username: string, password: string) =>
      core.router.call('w1', 'session.signIn', { username, password });
    const wrong = await signIn(agent.username, 'wrong-password-1');
    const unknown = await signIn('nobody.here', agent.password);
    const lead = demoOperator('lead');
    await admin('operator', 'disable', '--username', lead.username);
    const disabled = await signIn(lead.username, lead.password);
    for (let i = 0; i < defaultPolicy.signInFailureLimit; i++)
      await signIn(agent.username, `wrong-password-${i}`);
    const locked = await signIn(agent.username, agent.password);
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated', reason: 'session.wrong-credentials' },
    });
    for (const answer of [unknown, disabled, locked]) expect(answer).toEqual(wrong);
  });

  it('a hash made at a lower cost is raised to today’s at the next successful sign-in', async () => {
    const { core, query } = await demoCore({ passwordCost: { logN: 11, r: 8, p: 1 } });
    const hashOf = () =>
      query<{ password_hash: string }>(
        'SELECT password_hash FROM operators WHERE username = ?',
        agent.username,
      )[0]!.password_hash;
    expect(storedCost(hashOf())).toEqual({ logN: 10, r: 8, p: 1 });
    expect(
      await core.router.call('w1', 'session.signIn', {
        username: agent.username,
        password: agent.password,
      }),
    ).toMatchObject({ ok: true });
    expect(storedCost(hashOf())).toEqual({ logN: 11, r: 8, p: 1 });
    await core.router.call('w1', 'session.signOut', {});
    expect(
      await core.router.call('w1', 'session.signIn', {
        username: agent.username,
        password: agent.password,
      }),
    ).toMatchObject({ ok: true });
  });

  it('the app hashes at OWASP’s scrypt minimum', async () => {
    const { PASSWORD_COST } = await import('../../../main/core/operators/password.ts');
    expect(PASSWORD_COST).toEqual({ logN: 17, r: 8, p: 1 });
  });
});

describe('an operator row put back to an older copy of itself', () => {
  /**
   * Someone with the database file keeps an older copy of the agent's row (its MAC still
   * holds) and writes it back later, with the sealing triggers dropped and then recreated
   * exactly as they were, so the schema check sees nothing.
   */
  function replayLater(dbPath: string, username: string) {
    const db = new Database(dbPath);
    const old = db.prepare('SELECT * FROM operators WHERE username = ?').get(username) as Record<
      string,
      unknown
    >;
    db.close();
    return () => {
      const writer = new Database(dbPath);
      const triggers = writer
        .prepare(
          "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'operators'",
        )
        .all() as { name: string; sql: string }[];
      writer.transaction(() => {
        for (const { name } of triggers) writer.exec(`DROP TRIGGER "${name}"`);
        writer
          .prepare(
            `UPDATE operators SET failed_sign_ins = @failed_sign_ins, locked_until = @locked_until,
               mac_key_id = @mac_key_id, row_mac = @row_mac WHERE id = @id`,
          )
          .run(old);
        for (const { sql } of triggers) writer.exec(sql);
      })();
      writer.close();
    };
  }

  const wrong = (core: DeskCore, callerId: string) =>
    core.router.call(callerId, 'session.signIn', {
      username: agent.username,
      password: 'not-the-password',
    });

  it('does not reset the failure count: the trail counts the wrong passwords since', async () => {
    const { core, dbPath, query } = await demoCore();
    const replay = replayLater(dbPath, agent.username);
    const limit = defaultPolicy.signInFailureLimit;
    for (let i = 1; i < limit; i++) await wrong(core, `w${i}`);
    replay();
    expect(
      query<{ failed_sign_ins: number }>(
        'SELECT failed_sign_ins FROM operators WHERE username = ?',
        agent.username,
      ),
    ).toEqual([{ failed_sign_ins: 0 }]);
    // The next wrong password is the limit's: the account locks.
    await wrong(core, 'last');
    expect(query("SELECT seq FROM audit_log WHERE action = 'operator.locked-out'")).toHaveLength(1);
  });

  it('does not lift a lockout: the right password is refused until the lock ends', async () => {
    const { core, dbPath } = await demoCore();
    const replay = replayLater(dbPath, agent.username);
    for (let i = 0; i < defaultPolicy.signInFailureLimit; i++) await wrong(core, `w${i}`);
    replay();
    const right = await core.router.call('right', 'session.signIn', {
      username: agent.username,
      password: agent.password,
    });
    expect(right).toMatchObject({ ok: false, error: { reason: 'session.wrong-credentials' } });
  });
});

describe('the router reads the operator at every call', () => {
  it('a disabled operator’s next call is unauthenticated, in every window', async () => {
    const { core, signIn, admin, query } = await demoCore();
    await signIn('agent', 'w1');
    await signIn('agent', 'w2');
    const search = (callerId: string) =>
      core.router.call(callerId, 'cards.search', {
        key: 'customer-ref',
        customerRef: 'CR00190606',
      });
    expect(await search('w1')).toMatchObject({ ok: true });
    // Disabled by an admin from another process (desk-admin, its own connection).
    await admin('operator', 'disable', '--username', agent.username);
    for (const callerId of ['w1', 'w2']) {
      expect(await search(callerId)).toMatchObject({
        ok: false,
        error: { code: 'unauthenticated', reason: 'session.signed-out' },
      });
      expect(await core.router.call(callerId, 'session.current', {})).toMatchObject({
        value: { state: 'signed-out' },
      });
    }
    const searches = query("SELECT seq FROM audit_log WHERE action = 'card.search'");
    expect(searches).toHaveLength(1);
  });
});

/**
 * Sign-in rules against a real database: lock after the policy's failure limit for its
 * minimum time, idle lock computed from the clock, resume only for the same operator,
 * another operator's sign-in ends the previous session; each outcome audited.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntryInput } from '../../../main/core/audit/audit-append.ts';
import { createAuditTrail, type AuditTrail } from '../../../main/core/audit/audit-trail.ts';
import { deriveKeySet, keySetProvider, rotateKey } from '../../../main/core/keys/key-set.ts';
import { manualClock, type ManualClock } from '../../../main/core/clock.ts';
import { openDatabase, type Db } from '../../../main/core/db/connection.ts';
import { createOperatorStore } from '../../../main/core/operators/operator-store.ts';
import { hashPassword } from '../../../main/core/operators/password.ts';
import { defaultPolicy } from '../../../main/core/policy/policy.ts';
import type { CallContext } from '../../../main/core/router/router.ts';
import { createSessionRegistry } from '../../../main/core/session/session-registry.ts';
import { createSessionService } from '../../../main/core/session/session-service.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { TEST_PASSWORD_COST } from '../../helpers/test-password-cost.ts';

const tempDir = useTempDir();
const MINUTE = 60_000;

let db: Db;
let clock: ManualClock;
let entries: AuditEntryInput[];
let audit: AuditTrail;
let service: ReturnType<typeof createSessionService>;
const keys = keySetProvider(deriveKeySet('session-test'), 'test');
let sessions: ReturnType<typeof createSessionRegistry>;

const ctx = (callerId = 'w1'): CallContext => ({
  callerId,
  session: sessions.forCaller(callerId, clock.now()),
  now: clock.now(),
  emit: () => undefined,
});

async function failureOf(
  promise: Promise<unknown>,
): Promise<{ code: string; reason: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; reason: string; message: string };
  }
  throw new Error('expected a failure');
}

beforeEach(async () => {
  clock = manualClock('2026-11-25T00:00:00.000Z');
  db = openDatabase(join(tempDir(), 'desk.db'), { create: true });
  entries = [];
  // The real trail, with every entry also kept here for the assertions.
  const dir = tempDir();
  const trail = createAuditTrail(db, keys, join(dir, 'anchors'), { clock });
  audit = {
    ...trail,
    append: (entry) => {
      entries.push(entry);
      trail.append(entry);
    },
  };
  const operators = createOperatorStore(db, audit, keys);
  for (const [username, role] of [
    ['agent1', 'agent'],
    ['lead1', 'lead'],
  ] as const) {
    await operators.create({
      operatorId: null,
      username: null,
      origin: 'test',
      at: clock.now(),
      newUsername: username,
      displayName: username,
      role,
      passwordHash: await hashPassword(
        `${username}-password-1`,
        keys,
        undefined,
        TEST_PASSWORD_COST,
      ),
    });
  }
  sessions = createSessionRegistry({
    idleLockMinutes: () => defaultPolicy.idleLockMinutes,
    onIdleLock: (_caller, session, at) =>
      void service.onIdleLock(session.operatorId, session.username, at),
  });
  service = createSessionService({
    operators,
    sessions,
    policy: () => defaultPolicy,
    origin: 'console@test',
    keys,
    passwordCost: TEST_PASSWORD_COST,
  });
  entries.length = 0;
});

describe('sign-in', () => {
  it('signs in with the right password and audits it', async () => {
    const view = await service.signIn({ username: 'agent1', password: 'agent1-password-1' }, ctx());
    expect(view).toMatchObject({
      state: 'active',
      operator: { username: 'agent1', role: 'agent' },
    });
    expect(entries).toEqual([
      expect.objectContaining({ action: 'session.sign-in', result: 'success', username: 'agent1' }),
    ]);
  });

  it('refuses a wrong password with the same message as an unknown user', async () => {
    const wrong = await failureOf(service.signIn({ username: 'agent1', password: 'nope' }, ctx()));
    const unknown = await failureOf(service.signIn({ username: 'ghost', password: 'nope' }, ctx()));
    // Issue 16: one answer for every failed sign-in, so it names locked and disabled too.
    expect(wrong).toMatchObject({
      code: 'unauthenticated',
      reason: 'session.wrong-credentials',
      message: expect.stringMatching(/^Sign-in failed: wrong username or password/),
    });
    expect(unknown).toEqual(wrong);
    expect(entries.map((e) => [e.username, e.details])).toEqual([
      ['agent1', { reason: 'wrong-password' }],
      [null, { reason: 'unknown-user' }],
    ]);
  });

  it(`locks the account after ${defaultPolicy.signInFailureLimit} failures for ${defaultPolicy.signInLockMinutes} minutes`, async () => {
    for (let i = 1; i < defaultPolicy.signInFailureLimit; i++) {
      expect(
        await failureOf(service.signIn({ username: 'agent1', password: `bad${i}` }, ctx())),
      ).toMatchObject({
        code: 'unauthenticated',
        reason: 'session.wrong-credentials',
      });
    }
    // Issue 16 reverses what a locked account is told: the same answer as any failed sign-in
    // (the lock is in the audit trail and the operator list, not in the answer).
    expect(
      await failureOf(service.signIn({ username: 'agent1', password: 'bad-last' }, ctx())),
    ).toMatchObject({
      code: 'unauthenticated',
      reason: 'session.wrong-credentials',
    });
    expect(entries.filter((e) => e.action === 'operator.locked-out')).toEqual([
      expect.objectContaining({
        details: expect.objectContaining({ until: '2026-11-25T00:30:00.000Z' }),
      }),
    ]);
    expect(
      await failureOf(service.signIn({ username: 'agent1', password: 'agent1-password-1' }, ctx())),
    ).toMatchObject({ code: 'unauthenticated', reason: 'session.wrong-credentials' });
    clock.advance(30 * MINUTE);
    expect(
      await service.signIn({ username: 'agent1', password: 'agent1-password-1' }, ctx()),
    ).toMatchObject({
      state: 'active',
    });
  });

  it('a success resets the failure count', async () => {
    for (let i = 1; i < defaultPolicy.signInFailureLimit; i++) {
      await failureOf(service.signIn({ username: 'agent1', password: `bad${i}` }, ctx()));
    }
    await service.signIn({ username: 'agent1', password: 'agent1-password-1' }, ctx());
    expect(
      await failureOf(service.signIn({ username: 'agent1', password: 'bad' }, ctx('w2'))),
    ).toMatchObject({
      code: 'unauthenticated',
      reason: 'session.wrong-credentials',
    });
  });
});

describe('idle lock', () => {
  it('locks after the policy minutes idle, counted from the last activity', async () => {
    await service.signIn({ username: 'agent1', password: 'agent1-password-1' }, ctx());
    clock.advance(10 * MINUTE);
    await service.activity({}, ctx());
    clock.advance(14 * MINUTE);
    expect(await service.current({}, ctx())).toMatchObject({ state: 'active' });
    clock.advance(1 * MINUTE);
    expect(await service.current({}, ctx())).toMatchObject({ state: 'idle-locked' });
    expect(sessions.forCaller('w1', clock.now())).toMatchObject({ state: 'idle-locked' });
    expect(entries.filter((e) => e.action === 'session.idle-lock')).toHaveLength(1);
  });

  it('activity does not reopen a locked session', async () => {
    await service.signIn({ username: 'agent1', password: 'agent1-password-1' }, ctx());
    clock.advance(16 * MINUTE);
    expect(await service.activity({}, ctx())).toMatchObject({ state: 'idle-locked' });
  });

  it('resumes only with the same operator’s password', async () => {
    await service.signIn({ username: 'agent1', password: 'agent1-password-1' }, ctx());
    clock.advance(16 * MINUTE);
    expect(await failureOf(service.resume({ password: 'lead1-password-1' }, ctx()))).toMatchObject({
      code: 'unauthenticated',
      reason: 'session.wrong-password',
    });
    expect(await service.resume({ password: 'agent1-password-1' }, ctx())).toMatchObject({
      state: 'active',
      operator: { username: 'agent1' },
    });
    expect(entries.at(-1)).toMatchObject({ action: 'session.resume', result: 'success' });
  });

  it('another operator signing in ends the previous session', async () => {
    await service.signIn({ username: 'agent1', password: 'agent1-password-1' }, ctx());
    clock.advance(16 * MINUTE);
    await service.signIn({ username: 'lead1', password: 'lead1-password-1' }, ctx());
    const actions = entries.map((e) => `${e.action}:${e.username}`);
    expect(actions.slice(-2)).toEqual(['session.sign-out:agent1', 'session.sign-in:lead1']);
    expect(entries.at(-2)?.details).toEqual({ reason: 'replaced' });
  });
});

describe('the trail vouches for the stored password', () => {
  const signIn = (username: string, password: string) =>
    service.signIn({ username, password }, ctx());

  it('an operator created before digests were recorded signs in, and that first sign-in records its hash; a hash swapped in later is refused', async () => {
    // As an older version wrote operator.create: no passwordDigest.
    const legacy = createOperatorStore(
      db,
      {
        ...audit,
        append: (entry) => {
          const { passwordDigest: _dropped, ...details } = entry.details;
          audit.append({ ...entry, details });
        },
      },
      keys,
    );
    await legacy.create({
      operatorId: null,
      username: null,
      origin: 'test',
      at: clock.now(),
      newUsername: 'old1',
      displayName: 'old1',
      role: 'agent',
      passwordHash: await hashPassword('old1-password-1', keys, undefined, TEST_PASSWORD_COST),
    });
    entries.length = 0;
    await signIn('old1', 'old1-password-1');
    expect(entries.map((e) => [e.action, e.details['reason']])).toEqual([
      ['session.sign-in', undefined],
      ['operator.password-sealed', 'first-sign-in'],
    ]);
    entries.length = 0;
    await signIn('old1', 'old1-password-1');
    expect(entries.map((e) => e.action)).toEqual(['session.sign-out', 'session.sign-in']);
    // Another hash written with the keys (a same-key copy's row): the trail vouches for the first.
    const swapped = await hashPassword('swapped-password-2', keys, undefined, TEST_PASSWORD_COST);
    audit.transact(() =>
      db.prepare("UPDATE operators SET password_hash = ? WHERE username = 'old1'").run(swapped),
    );
    expect(await failureOf(signIn('old1', 'swapped-password-2'))).toMatchObject({
      reason: 'session.account-altered',
    });
  });

  it("a hash raised to today's cost at sign-in is recorded, and the operator signs in again", async () => {
    await createOperatorStore(db, audit, keys).create({
      operatorId: null,
      username: null,
      origin: 'test',
      at: clock.now(),
      newUsername: 'cheap1',
      displayName: 'cheap1',
      role: 'agent',
      passwordHash: await hashPassword('cheap1-password-1', keys, undefined, {
        ...TEST_PASSWORD_COST,
        logN: TEST_PASSWORD_COST.logN - 1,
      }),
    });
    entries.length = 0;
    await signIn('cheap1', 'cheap1-password-1');
    expect(entries.map((e) => [e.action, e.details['reason']])).toEqual([
      ['session.sign-in', undefined],
      ['operator.password-sealed', 'rehash'],
    ]);
    await expect(signIn('cheap1', 'cheap1-password-1')).resolves.toMatchObject({
      state: 'active',
    });
  });

  /** A hash as it was stored before the pepper: scrypt over the password alone. */
  function unpepperedHash(password: string): string {
    const { logN, r, p } = TEST_PASSWORD_COST;
    const salt = randomBytes(16);
    const hash = scryptSync(password.normalize('NFKC'), salt, 32, { N: 2 ** logN, r, p });
    return `scrypt$ln=${logN},r=${r},p=${p}$${salt.toString('base64')}$${hash.toString('base64')}`;
  }

  const storedHash = (username: string) =>
    (
      db.prepare('SELECT password_hash FROM operators WHERE username = ?').get(username) as {
        password_hash: string;
      }
    ).password_hash;

  it('a hash from before the pepper still signs in and is peppered at that sign-in', async () => {
    const old = unpepperedHash('plain1-password-1');
    await createOperatorStore(db, audit, keys).create({
      operatorId: null,
      username: null,
      origin: 'test',
      at: clock.now(),
      newUsername: 'plain1',
      displayName: 'plain1',
      role: 'agent',
      passwordHash: old,
    });
    entries.length = 0;
    await signIn('plain1', 'plain1-password-1');
    expect(entries.map((e) => [e.action, e.details['reason']])).toEqual([
      ['session.sign-in', undefined],
      ['operator.password-sealed', 'rehash'],
    ]);
    const peppered = storedHash('plain1');
    expect(peppered).toMatch(new RegExp(`^scrypt\\$k=${keys.current('password').id},`, 'u'));
    // The file alone no longer checks it: scrypt over the password, as before, does not match.
    const [, , salt, hash] = peppered.split('$') as [string, string, string, string];
    const { logN, r, p } = TEST_PASSWORD_COST;
    expect(
      scryptSync('plain1-password-1', Buffer.from(salt, 'base64'), 32, { N: 2 ** logN, r, p }),
    ).not.toEqual(Buffer.from(hash, 'base64'));
    entries.length = 0;
    await signIn('plain1', 'plain1-password-1');
    expect(entries.map((e) => e.action)).toEqual(['session.sign-out', 'session.sign-in']);
    // A wrong password against an unpeppered hash is still refused.
    await createOperatorStore(db, audit, keys).create({
      operatorId: null,
      username: null,
      origin: 'test',
      at: clock.now(),
      newUsername: 'plain2',
      displayName: 'plain2',
      role: 'agent',
      passwordHash: unpepperedHash('plain2-password-1'),
    });
    expect(await failureOf(signIn('plain2', 'plain2-password-9'))).toMatchObject({
      reason: 'session.wrong-credentials',
    });
  });

  it('after the password key rotates, a hash made with the older key signs in and moves to the new one', async () => {
    const rotated = keySetProvider(
      rotateKey(deriveKeySet('session-test'), 'password', () => Buffer.alloc(32, 9)),
      'rotated',
    );
    expect(rotated.current('password').id).not.toBe(keys.current('password').id);
    const withRotated = createSessionService({
      operators: createOperatorStore(db, audit, keys),
      sessions,
      policy: () => defaultPolicy,
      origin: 'console@test',
      keys: rotated,
      passwordCost: TEST_PASSWORD_COST,
    });
    entries.length = 0;
    await withRotated.signIn({ username: 'agent1', password: 'agent1-password-1' }, ctx());
    expect(entries.map((e) => [e.action, e.details['reason']])).toEqual([
      ['session.sign-in', undefined],
      ['operator.password-sealed', 'rehash'],
    ]);
    expect(storedHash('agent1')).toMatch(
      new RegExp(`^scrypt\\$k=${rotated.current('password').id},`, 'u'),
    );
    // Keys without the new password key cannot check the new hash: refused, never an error.
    expect(await failureOf(signIn('agent1', 'agent1-password-1'))).toMatchObject({
      reason: 'session.wrong-credentials',
    });
  });
});

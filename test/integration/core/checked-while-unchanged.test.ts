/**
 * The operator's sealed row and the policy are checked against their MACs and then remembered
 * until the database may have changed (change-mark.ts); a card's lock rows are read at every
 * call, their HMACs saved by content (row-check-memo.ts). A row altered
 * afterwards by an outsider's SQLite tool is caught at the very next call, as a fresh read
 * would catch it: the operator loses the session, a forged policy value is refused, and an
 * altered lock holds the card for fraud.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../main/core/clock.ts';
import { buildDemoDatabase, DEMO_EPOCH, DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { deskCoreOptions } from '../../../main/core/desk-core-options.ts';
import { createDeskCore } from '../../../main/core/desk-core.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { TEST_PASSWORD_COST } from '../../helpers/test-password-cost.ts';

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

/** A console with the agent on the locked card's call, its status asked twice (remembered). */
async function onLockedCard() {
  const dir = tempDir();
  const dbPath = join(dir, 'desk.db');
  const keyFile = join(dir, 'desk.key');
  await buildDemoDatabase({ dbPath, keyFile, cardholders: 20, passwordCost: TEST_PASSWORD_COST });
  const core = createDeskCore(
    deskCoreOptions({
      dbPath,
      keyFile,
      clock: manualClock(DEMO_EPOCH),
      origin: 'console@test',
      logInternal: () => undefined,
      passwordCost: TEST_PASSWORD_COST,
    }),
  );
  const agent = demoOperator('agent');
  const person = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
  const cardId = person.cards[0]!.publicId;
  const signIn = await core.router.call('w1', 'session.signIn', {
    username: agent.username,
    password: agent.password,
  });
  expect(signIn.ok).toBe(true);
  await core.router.call('w1', 'cards.search', {
    key: 'customer-ref',
    customerRef: person.customerRef,
  });
  expect((await core.router.call('w1', 'cards.open', { cardId })).ok).toBe(true);
  const status = () => core.router.call('w1', 'lockout.status', { cardId });
  for (let i = 0; i < 2; i++) {
    expect(await status()).toMatchObject({
      ok: true,
      value: { lock: { state: 'locked', cause: 'wrong_codes' } },
    });
  }
  return { dbPath, core, agent, status };
}

describe('rows checked once and remembered until the database changes', () => {
  it('an operator row altered after the check ends the session at the next call', async () => {
    const { dbPath, core, agent, status } = await onLockedCard();
    try {
      outsider(dbPath, `UPDATE operators SET role = 'lead' WHERE username = '${agent.username}'`);
      expect(await status()).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    } finally {
      core.close();
    }
  });

  it('a policy row forged after the check refuses the next call', async () => {
    const { dbPath, core, status } = await onLockedCard();
    try {
      outsider(
        dbPath,
        "INSERT OR REPLACE INTO policy (key, value, updated_at) VALUES ('verificationValidMinutes', '600', 'now')",
      );
      // Read fresh, it refuses the call (the forged value is never used), naming the value.
      expect(await status()).toMatchObject({
        ok: false,
        error: {
          code: 'forbidden',
          reason: 'policy.altered',
          message: expect.stringMatching(
            /"verificationValidMinutes" was changed outside/,
          ) as unknown,
        },
      });
    } finally {
      core.close();
    }
  });

  it('a lock row altered after the check holds the card for fraud at the next call', async () => {
    const { dbPath, core, status } = await onLockedCard();
    try {
      outsider(
        dbPath,
        "UPDATE lockouts SET until = '2026-11-20T00:00:00.000Z' WHERE cause = 'wrong_codes' AND cleared_at IS NULL",
      );
      expect(await status()).toMatchObject({
        ok: true,
        value: { allowed: false, refusal: 'fraud', lock: { cause: 'fraud_hold' } },
      });
    } finally {
      core.close();
    }
  });
});

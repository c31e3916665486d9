/**
 * A whole Verify Desk core on a fresh demo database in a temporary folder, with a manual
 * clock at the demo's epoch; closed after each test. For integration tests through the router.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { manualClock } from '../../main/core/clock.ts';
import { DEMO_EPOCH } from '../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../main/core/demo/demo-operators.ts';
import { createDeskCore, type DeskCore, type DeskCoreOptions } from '../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../main/core/desk-core-options.ts';
import type { Role } from '../../shared/contract/index.ts';
import { createCliIo } from '../../main/cli/cli-io.ts';
import { main as deskAdmin } from '../../main/cli/desk-admin.ts';
import type { PolicyKey } from '../../main/core/policy/policy.ts';
import { copyDemoDatabase } from './demo-template.ts';
import { useTempDir } from './temp-dir.ts';
import { TEST_PASSWORD_COST } from './test-password-cost.ts';

export { TEST_PASSWORD_COST };

export function useDemoCore(options: { cardholders?: number } = {}) {
  const tempDir = useTempDir();
  const cores: DeskCore[] = [];
  afterEach(() => cores.splice(0).forEach((core) => core.close()));

  return async function demoCore(
    coreOptions: Pick<
      DeskCoreOptions,
      | 'acs'
      | 'passwordCost'
      | 'auditWorkerUrl'
      | 'saveSink'
      | 'forwardSyslog'
      | 'relayResets'
      | 'resetClaimMs'
      | 'trailWatchMs'
      | 'alertTimerMs'
    > = {},
    /** Runs on the built database before the core opens it (desk-admin settings, a tampered row). */
    before?: (paths: { dbPath: string; keyFile: string }) => Promise<void> | void,
  ) {
    const dir = tempDir();
    const dbPath = join(dir, 'desk.db');
    const keyFile = join(dir, 'desk.key');
    await copyDemoDatabase({
      dbPath,
      keyFile,
      cardholders: options.cardholders ?? 30,
      passwordCost: TEST_PASSWORD_COST,
    });
    await before?.({ dbPath, keyFile });
    const internal: string[] = [];
    const emitted: { callerId: string; event: string; payload: unknown }[] = [];
    const clock = manualClock(DEMO_EPOCH);
    const core = createDeskCore(
      deskCoreOptions({
        dbPath,
        keyFile,
        clock,
        origin: 'console@test',
        emit: (callerId, event, payload) => emitted.push({ callerId, event, payload }),
        logInternal: (line) => internal.push(line),
        passwordCost: TEST_PASSWORD_COST,
        ...coreOptions,
      }),
    );
    cores.push(core);
    const query = <T>(sql: string, ...params: unknown[]): T[] => {
      const db = new Database(dbPath, { readonly: true });
      try {
        return db.prepare(sql).all(...params) as T[];
      } finally {
        db.close();
      }
    };
    const snapshot = () => {
      const tables = query<{ name: string }>(
        "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
      );
      return JSON.stringify(
        Object.fromEntries(tables.map(({ name }) => [name, query(`SELECT * FROM "${name}"`)])),
      );
    };
    const signIn = async (role: Role, callerId = 'w1') => {
      const operator = demoOperator(role);
      const result = await core.router.call(callerId, 'session.signIn', {
        username: operator.username,
        password: operator.password,
      });
      if (!result.ok) throw new Error(`sign-in failed: ${result.error.message}`);
    };
    /**
     * Hands a card to a window's session the way an agent finds it: a search by its
     * cardholder's customer reference (a card opens only from a search of this session).
     */
    const handOut = async (cardId: string, callerId = 'w1') => {
      const [row] = query<{ customer_ref: string }>(
        `SELECT h.customer_ref FROM cards c JOIN cardholders h ON h.id = c.cardholder_id
         WHERE c.public_id = ?`,
        cardId,
      );
      if (!row) throw new Error(`no card ${cardId}`);
      const found = await core.router.call(callerId, 'cards.search', {
        key: 'customer-ref',
        customerRef: row.customer_ref,
      });
      if (!found.ok) throw new Error(`search failed: ${found.error.message}`);
    };
    /** Runs a desk-admin command on this database, as an admin would (audited). */
    const admin = async (...args: string[]) => {
      const errors: string[] = [];
      const io = createCliIo({
        stdout: { write: () => true },
        stderr: { write: (text: string) => errors.push(text) },
        env: {},
      });
      const code = await deskAdmin([...args, '--db', dbPath, '--key-file', keyFile], io);
      if (code !== 0) throw new Error(`desk-admin ${args[0]} failed: ${errors.join('')}`);
    };
    /** Sets a policy value the way an admin does (`desk-admin policy set`, audited). */
    const setPolicy = (key: PolicyKey, value: number) =>
      admin('policy', 'set', '--key', key, '--value', String(value));
    /** Searches for the card (as an agent would), then opens it. */
    const openCard = async (cardId: string, callerId = 'w1') => {
      await handOut(cardId, callerId);
      return core.router.call(callerId, 'cards.open', { cardId });
    };
    return {
      core,
      clock,
      dir,
      keyFile,
      snapshot,
      query,
      signIn,
      internal,
      emitted,
      dbPath,
      handOut,
      openCard,
      setPolicy,
      admin,
    };
  };
}

/**
 * A whole Verify Desk core on a fresh demo database in a temporary folder, with a manual
 * clock at the demo's epoch; closed after each test. For integration tests through the router.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { manualClock } from '../../main/core/clock.ts';
import { buildDemoDatabase, DEMO_EPOCH } from '../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../main/core/demo/demo-operators.ts';
import { createDeskCore, type DeskCore, type DeskCoreOptions } from '../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../main/core/desk-core-options.ts';
import type { Role } from '../../shared/contract/index.ts';
import { useTempDir } from './temp-dir.ts';

export function useDemoCore(options: { cardholders?: number } = {}) {
  const tempDir = useTempDir();
  const cores: DeskCore[] = [];
  afterEach(() => cores.splice(0).forEach((core) => core.close()));

  return async function demoCore(coreOptions: Pick<DeskCoreOptions, 'acs'> = {}) {
    const dir = tempDir();
    const dbPath = join(dir, 'desk.db');
    const keyFile = join(dir, 'desk.key');
    await buildDemoDatabase({ dbPath, keyFile, cardholders: options.cardholders ?? 30 });
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
    return { core, clock, snapshot, query, signIn, internal, emitted, dbPath };
  };
}

/**
 * A real Verify Desk core for one test: a demo database built from a seed in a temporary
 * folder, its key file, a manual clock the test moves, and the real router. The test process
 * also gets a read-only connection to check what the console wrote.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { folderSaveSink } from '../../main/core/audit/save-sink.ts';
import { manualClock, type ManualClock } from '../../main/core/clock.ts';
import { DEMO_EPOCH, DEMO_SEED } from '../../main/core/demo/build-demo.ts';
import { createDeskCore, type DeskCore, type DeskCoreOptions } from '../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../main/core/desk-core-options.ts';
import { copyDemoDatabase } from '../helpers/demo-template.ts';
import { TEST_PASSWORD_COST } from '../helpers/test-password-cost.ts';
import { withWritableDb } from './writable-db.ts';
import type { EventName } from '../../shared/contract/index.ts';
import type { PolicyKey } from '../../main/core/policy/policy.ts';

export interface TestDesk {
  core: DeskCore;
  clock: ManualClock;
  dir: string;
  dbPath: string;
  keyFile: string;
  /** Where the console's exports are saved (the browser target's file sink). */
  exportDir: string;
  seed: string;
  /** Read-only view of the database for assertions from the test process. */
  inspect(): Database.Database;
  /** Lines the router reported as internal errors (tests assert there are none). */
  internalErrors: string[];
  onEvent(listener: (callerId: string, event: EventName, payload: unknown) => void): void;
  /** Sets a policy value as an admin would (the policy is read at every call). */
  setPolicy(key: PolicyKey, value: number): void;
  close(): void;
}

export interface TestDeskOptions {
  seed?: string;
  cardholders?: number;
  start?: string;
  surface?: 'desktop' | 'preview';
  /** The ACS gateway (default: the embedded one) and whether the outbox relay runs. */
  acs?: DeskCoreOptions['acs'];
  relayResets?: boolean;
}

export async function createTestDesk(options: TestDeskOptions = {}): Promise<TestDesk> {
  const dir = mkdtempSync(join(tmpdir(), 'verify-desk-e2e-'));
  const dbPath = join(dir, 'desk.db');
  const keyFile = join(dir, 'desk.key');
  const seed = options.seed ?? DEMO_SEED;
  const start = options.start ?? DEMO_EPOCH;
  await copyDemoDatabase({
    dbPath,
    keyFile,
    seed,
    cardholders: options.cardholders ?? 60,
    now: new Date(start),
    passwordCost: TEST_PASSWORD_COST,
  });

  const clock = manualClock(start);
  const exportDir = join(dir, 'exports');
  const listeners: ((callerId: string, event: EventName, payload: unknown) => void)[] = [];
  const internalErrors: string[] = [];
  const core = createDeskCore(
    deskCoreOptions({
      dbPath,
      keyFile,
      clock,
      origin: 'console@e2e',
      passwordCost: TEST_PASSWORD_COST,
      surface: options.surface ?? 'preview',
      saveSink: folderSaveSink(exportDir),
      emit: (callerId, event, payload) =>
        listeners.forEach((listener) => listener(callerId, event, payload)),
      logInternal: (line) => internalErrors.push(line),
      ...(options.acs ? { acs: options.acs } : {}),
      ...(options.relayResets ? { relayResets: true } : {}),
    }),
  );

  let inspector: Database.Database | undefined;
  return {
    core,
    clock,
    dir,
    dbPath,
    keyFile,
    exportDir,
    seed,
    internalErrors,
    inspect() {
      inspector ??= new Database(dbPath, { readonly: true, fileMustExist: true });
      return inspector;
    },
    onEvent(listener) {
      listeners.push(listener);
    },
    setPolicy(key, value) {
      withWritableDb(dbPath, keyFile, (db) =>
        db
          .prepare(
            'INSERT INTO policy (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
          )
          .run(key, JSON.stringify(value), clock.now().toISOString()),
      );
    },
    close() {
      inspector?.close();
      core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

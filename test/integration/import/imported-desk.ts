/**
 * A console on a database the import tests built: the issuer's sample imported (with or
 * without its ACS references), an agent added through the real desk-admin, and the console's
 * core opened on the file at the import's clock.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { manualClock } from '../../../main/core/clock.ts';
import { createDeskCore, type DeskCore } from '../../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../../main/core/desk-core-options.ts';
import { runCli } from '../cli/cli-harness.ts';
import { FIXTURES, IMPORT_NOW, importFile } from './import-harness.ts';

interface Target {
  dbPath: string;
  keyFile: string;
}

/** The issuer's sample without ACS references and without imported locks, imported. */
export async function importWithoutRefs(target: Target, dir: string): Promise<void> {
  const lines = readFileSync(join(FIXTURES, 'issuer-sample.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.includes('"type":"lockout"'))
    .map((line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      delete record['acsCardRef'];
      return JSON.stringify(record);
    });
  const file = join(dir, 'no-refs.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  await importFile(target, file);
}

/** Adds the agent `agent1` with `password` through desk-admin. */
export async function addAgent(target: Target, password: string): Promise<void> {
  const added = await runCli(
    [
      'operator',
      'add',
      '--db',
      target.dbPath,
      '--key-file',
      target.keyFile,
      '--username',
      'agent1',
      '--role',
      'agent',
      '--name',
      'Agent One',
    ],
    { password },
  );
  expect(added.code).toBe(0);
}

/** The console's core on the file, its clock at `at` (the import's by default). */
export function importedCore(target: Target, at: string | Date = IMPORT_NOW): DeskCore {
  return createDeskCore(
    deskCoreOptions({
      dbPath: target.dbPath,
      keyFile: target.keyFile,
      clock: manualClock(new Date(at)),
      logInternal: () => undefined,
    }),
  );
}

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db/connection.ts';
import { dropAuditTriggers } from '../../helpers/audit-fixture.ts';
import { keyFolder, useTempDir } from '../../helpers/temp-dir.ts';
import { runCli } from './cli-harness.ts';

const tempDir = useTempDir();

async function initialised() {
  const dir = tempDir();
  const db = join(dir, 'desk.db');
  const keyFile = join(keyFolder(dir), 'desk.key');
  expect((await runCli(['init', '--db', db, '--key-file', keyFile])).code).toBe(0);
  return { db, keyFile, dir };
}

describe('desk-admin audit verify', () => {
  it('exits 0 on a fresh database, whose first entry is its init', async () => {
    const { db, keyFile } = await initialised();
    const run = await runCli(['audit', 'verify', '--db', db, '--key-file', keyFile]);
    expect(run).toMatchObject({
      code: 0,
      stdout: 'Audit trail intact: 1 entry, the last anchored at checkpoint 1.\n',
    });
  });

  it('exits 1 naming the first altered entry', async () => {
    const { db, keyFile } = await initialised();
    const raw = openDatabase(db);
    dropAuditTriggers(raw);
    raw.prepare("UPDATE audit_log SET origin = 'elsewhere' WHERE seq = 1").run();
    raw.close();
    const run = await runCli(['audit', 'verify', '--db', db, '--key-file', keyFile]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/ALTERED: entry 1 does not match/);
  });

  it('fails clearly with another database’s key file', async () => {
    const { db } = await initialised();
    const other = await initialised();
    const run = await runCli(['audit', 'verify', '--db', db, '--key-file', other.keyFile]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/does not hold the keys this database was made with/);
  });

  it('exits 1 when the checkpoint file names entries that are gone', async () => {
    const { db, keyFile } = await initialised();
    const raw = openDatabase(db);
    dropAuditTriggers(raw);
    raw.prepare('DELETE FROM audit_log').run();
    raw.close();
    const run = await runCli(['audit', 'verify', '--db', db, '--key-file', keyFile]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/INCOMPLETE: entry 1 is missing/);
  });
});

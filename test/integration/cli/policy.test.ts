/**
 * desk-admin policy get|set: values within their bounds only; each change audited with
 * before and after; a refused value changes nothing; the audit trail still verifies.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyFolder, useTempDir } from '../../helpers/temp-dir.ts';
import { runCli } from './cli-harness.ts';

const tempDir = useTempDir();

async function initialised() {
  const dir = tempDir();
  const db = join(dir, 'desk.db');
  const keyFile = join(keyFolder(dir), 'desk.key');
  expect((await runCli(['init', '--db', db, '--key-file', keyFile])).code).toBe(0);
  return { db, keyFile };
}

const policyAudit = (db: string) => {
  const raw = new Database(db, { readonly: true });
  const rows = raw
    .prepare("SELECT subject_id, details FROM audit_log WHERE action = 'policy.set' ORDER BY seq")
    .all();
  raw.close();
  return rows;
};

describe('desk-admin policy', () => {
  it('prints every value with its default, or one', async () => {
    const { db } = await initialised();
    const all = await runCli(['policy', 'get', '--db', db]);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('signInFailureLimit\t6\n');
    expect(all.stdout).toContain('idleLockMinutes\t15\n');
    expect(
      await runCli(['policy', 'get', '--db', db, '--key', 'verificationMissesPerCall']),
    ).toMatchObject({
      code: 0,
      stdout: 'verificationMissesPerCall\t3\n',
    });
  });

  it('sets a value within its bounds and audits before and after', async () => {
    const { db, keyFile } = await initialised();
    expect(
      await runCli([
        'policy',
        'set',
        '--db',
        db,
        '--key-file',
        keyFile,
        '--key',
        'idleLockMinutes',
        '--value',
        '10',
      ]),
    ).toMatchObject({ code: 0, stdout: 'idleLockMinutes: 15 → 10\n' });
    expect(await runCli(['policy', 'get', '--db', db, '--key', 'idleLockMinutes'])).toMatchObject({
      stdout: 'idleLockMinutes\t10\n',
    });
    expect(policyAudit(db)).toEqual([
      {
        subject_id: 'idleLockMinutes',
        details: '{"after":10,"before":15,"key":"idleLockMinutes"}',
      },
    ]);
    expect((await runCli(['audit', 'verify', '--db', db, '--key-file', keyFile])).code).toBe(0);
  });

  it('refuses a value out of bounds, an unknown key or a non-number, and changes nothing', async () => {
    const { db, keyFile } = await initialised();
    const set = (key: string, value: string) =>
      runCli(['policy', 'set', '--db', db, '--key-file', keyFile, '--key', key, '--value', value]);
    // PCI DSS 8.2.8: never more than 15 minutes idle; 8.3.4: never more than 10 failures.
    const tooIdle = await set('idleLockMinutes', '30');
    expect(tooIdle.code).not.toBe(0);
    expect(tooIdle.stderr).toMatch(/^desk-admin: idleLockMinutes: /u);
    expect((await set('signInFailureLimit', '11')).code).not.toBe(0);
    expect((await set('signInLockMinutes', '10')).code).not.toBe(0);
    expect((await set('noSuchValue', '1')).stderr).toContain('Unknown policy value "noSuchValue"');
    expect((await set('idleLockMinutes', 'ten')).stderr).toContain('whole number');
    expect(policyAudit(db)).toEqual([]);
  });
});

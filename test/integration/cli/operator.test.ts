import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openKeyFile } from '../../../main/core/keys/key-file.ts';
import { passwordDigest, verifyPassword } from '../../../main/core/operators/password.ts';
import { keyFolder, useTempDir } from '../../helpers/temp-dir.ts';
import { runCli } from './cli-harness.ts';

const tempDir = useTempDir();

async function initialised() {
  const dir = tempDir();
  const db = join(dir, 'desk.db');
  const keyFile = join(keyFolder(dir), 'desk.key');
  expect((await runCli(['init', '--db', db, '--key-file', keyFile])).code).toBe(0);
  return { db, keyFile, base: ['--db', db, '--key-file', keyFile] };
}

const add = (base: string[], username: string, password: string, role = 'agent') =>
  runCli(
    ['operator', 'add', ...base, '--username', username, '--role', role, '--name', 'Jane Doe'],
    { password },
  );

describe('desk-admin operator', () => {
  it('adds an operator with a password read from the prompt, hashed, and audited', async () => {
    const { db, keyFile, base } = await initialised();
    expect(await add(base, 'j.doe', 'correct-horse-42')).toMatchObject({
      code: 0,
      stdout: 'Added agent "j.doe".\n',
    });
    const raw = new Database(db, { readonly: true });
    const row = raw
      .prepare("SELECT password_hash, password_changed_at FROM operators WHERE username = 'j.doe'")
      .get() as { password_hash: string; password_changed_at: string };
    const audit = raw
      .prepare("SELECT action, details FROM audit_log WHERE action = 'operator.create'")
      .all();
    raw.close();
    // Peppered with the key store's password key, named in the hash.
    const keys = openKeyFile(keyFile);
    expect(row.password_hash).toMatch(
      new RegExp(`^scrypt\\$k=${keys.current('password').id},ln=17,r=8,p=1\\$`, 'u'),
    );
    expect(await verifyPassword('correct-horse-42', row.password_hash, keys)).toBe(true);
    // The entry names the operator (and the display name, which the row does not seal) and
    // vouches for its password hash by a digest (never the hash).
    expect(audit).toEqual([
      {
        action: 'operator.create',
        details: JSON.stringify({
          displayName: 'Jane Doe',
          passwordDigest: passwordDigest(row.password_hash, row.password_changed_at),
          role: 'agent',
          username: 'j.doe',
        }),
      },
    ]);
  });

  it('has no way to pass a password on the command line', async () => {
    const { base } = await initialised();
    const run = await runCli([
      'operator',
      'add',
      ...base,
      '--username',
      'x.y',
      '--role',
      'agent',
      '--name',
      'X',
      '--password',
      'abc123456789xyz',
    ]);
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/unknown option '--password'/);
  });

  it.each([
    ['short1', 'A password needs at least 12 characters.'],
    ['onlyletterslong', 'A password needs both letters and digits.'],
    ['123456789012345', 'A password needs both letters and digits.'],
  ])('refuses the password %s (PCI DSS 8.3.6)', async (password, message) => {
    const { base } = await initialised();
    expect(await add(base, 'j.doe', password)).toMatchObject({
      code: 1,
      stderr: `desk-admin: ${message}\n`,
    });
  });

  it('refuses a duplicate username and an unknown role', async () => {
    const { base } = await initialised();
    await add(base, 'j.doe', 'correct-horse-42');
    expect((await add(base, 'J.Doe'.toLowerCase(), 'correct-horse-43')).stderr).toMatch(
      /already exists/,
    );
    expect((await add(base, 'k.doe', 'correct-horse-42', 'root')).stderr).toMatch(
      /Unknown role "root"/,
    );
  });

  it('lists and disables operators', async () => {
    const { base } = await initialised();
    await add(base, 'j.doe', 'correct-horse-42');
    await add(base, 'k.lead', 'correct-horse-42', 'lead');
    expect((await runCli(['operator', 'disable', ...base, '--username', 'j.doe'])).code).toBe(0);
    const list = await runCli(['operator', 'list', ...base]);
    expect(list.stdout).toBe('j.doe\tagent\tdisabled\tJane Doe\nk.lead\tlead\tactive\tJane Doe\n');
    expect((await runCli(['operator', 'disable', ...base, '--username', 'j.doe'])).code).toBe(1);
    expect((await runCli(['audit', 'verify', ...base])).code).toBe(0);
  });
});

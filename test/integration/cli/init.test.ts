import Database from 'better-sqlite3';
import { existsSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCliIo } from '../../../main/cli/cli-io.ts';
import { EXIT } from '../../../main/cli/cli-error.ts';
import { openDatabase } from '../../../main/core/db/connection.ts';
import { readDatabaseInfo } from '../../../main/core/db/database-info.ts';
import { createKeyFile } from '../../../main/core/keys/key-file.ts';
import { deriveKeySet } from '../../../main/core/keys/key-set.ts';
import { keyFolder, useTempDir } from '../../helpers/temp-dir.ts';
import { fakeKeychain } from '../../unit/keys/fake-keychain.ts';
import { runCli } from './cli-harness.ts';

const tempDir = useTempDir('verify-desk-cli-');

function info(dbPath: string) {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return Object.fromEntries(
      (
        db.prepare('SELECT key, value FROM database_info').all() as { key: string; value: string }[]
      ).map((r) => [r.key, r.value]),
    );
  } finally {
    db.close();
  }
}

describe('desk-admin init', () => {
  it('creates the database and an owner-only key file, and records the id and key ids', async () => {
    const dir = tempDir();
    const db = join(dir, 'desk.db');
    const keyFile = join(keyFolder(dir), 'desk.key');
    const run = await runCli(['init', '--db', db, '--key-file', keyFile]);

    expect(run).toMatchObject({ code: EXIT.ok, stderr: '' });
    const recorded = info(db);
    expect(recorded.database_id).toMatch(/^[0-9a-f-]{36}$/u);
    expect(recorded['key.lookup']).toMatch(/^lookup-[0-9a-f]{12}$/u);
    expect(recorded['key.verification']).toMatch(/^verification-[0-9a-f]{12}$/u);
    expect(recorded['key.audit']).toMatch(/^audit-[0-9a-f]{12}$/u);
    expect(run.stdout).toContain(`Created database "${db}" (id ${recorded.database_id}).`);
    expect(run.stdout).toContain(`are in the key file "${keyFile}"`);
    if (process.platform !== 'win32') expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('refuses a key file in the database folder, at init and at every later command', async () => {
    const dir = tempDir();
    const db = join(dir, 'desk.db');
    const beside = await runCli(['init', '--db', db, '--key-file', join(dir, 'desk.key')]);
    expect(beside.code).toBe(EXIT.failure);
    expect(beside.stderr).toMatch(/is in the same folder as its database/);
    expect(readdirSync(dir)).toEqual([]);
    // Made properly, then the key file is moved beside the database: every command refuses.
    const keyFile = join(keyFolder(dir), 'desk.key');
    expect((await runCli(['init', '--db', db, '--key-file', keyFile])).code).toBe(EXIT.ok);
    renameSync(keyFile, join(dir, 'desk.key'));
    for (const command of [
      ['policy', 'set', '--key', 'idleLockMinutes', '--value', '10'],
      ['audit', 'verify'],
      ['operator', 'list'],
    ]) {
      const run = await runCli([...command, '--db', db, '--key-file', join(dir, 'desk.key')]);
      expect(run.stderr, command.join(' ')).toMatch(/is in the same folder as its database/);
      expect(run.code).not.toBe(EXIT.ok);
    }
  });

  it('the database then opens with its key file, and refuses another one', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'desk.db');
    const keyFile = join(keyFolder(dir), 'desk.key');
    const otherKeyFile = join(keyFolder(dir), 'other.key');
    await runCli(['init', '--db', dbPath, '--key-file', keyFile]);
    createKeyFile(otherKeyFile, deriveKeySet('another database'));

    const io = createCliIo({ stdout: { write: () => {} }, stderr: { write: () => {} }, env: {} });
    const db = openDatabase(dbPath);
    try {
      expect(io.loadKeys({ keyFile, db }).current('audit').id).toBe(
        readDatabaseInfo(db, 'key.audit'),
      );
      expect(() => io.loadKeys({ keyFile: otherKeyFile, db })).toThrow(
        `The key file "${otherKeyFile}" does not hold the keys this database was made with`,
      );
    } finally {
      db.close();
    }
  });

  it('refuses to init over an existing database, changing nothing', async () => {
    const dir = tempDir();
    const db = join(dir, 'desk.db');
    await runCli(['init', '--db', db, '--key-file', join(keyFolder(dir), 'desk.key')]);
    const before = info(db);

    const again = await runCli([
      'init',
      '--db',
      db,
      '--key-file',
      join(keyFolder(dir), 'second.key'),
    ]);
    expect(again.code).toBe(EXIT.failure);
    expect(again.stderr).toBe(
      `desk-admin: "${db}" already exists. init only creates new databases; it never changes an existing one.\n`,
    );
    expect(info(db)).toEqual(before);
    expect(existsSync(join(keyFolder(dir), 'second.key'))).toBe(false);
  });

  it('refuses to overwrite an existing key file and leaves no database behind', async () => {
    const dir = tempDir();
    const keyFile = join(keyFolder(dir), 'desk.key');
    createKeyFile(keyFile, deriveKeySet('precious'));

    const run = await runCli(['init', '--db', join(dir, 'desk.db'), '--key-file', keyFile]);
    expect(run.code).toBe(EXIT.failure);
    expect(run.stderr).toMatch(/^desk-admin: Key file ".*desk\.key" already exists\./u);
    expect(readdirSync(dir)).toEqual(['keys']);
    expect(readdirSync(join(dir, 'keys'))).toEqual(['desk.key']);
  });

  it('removes the new key file again when the database cannot be made', async () => {
    const dir = tempDir();
    const db = join(dir, 'no-such-folder', 'desk.db');
    const run = await runCli(['init', '--db', db, '--key-file', join(keyFolder(dir), 'desk.key')]);
    expect(run.code).toBe(EXIT.failure);
    expect(run.stderr).toBe(`desk-admin: Cannot create "${db}": its folder does not exist.\n`);
    expect(readdirSync(join(dir, 'keys'))).toEqual([]);
  });

  it('without --key-file stores the keys in the keychain under the database id', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'desk.db');
    const keychain = fakeKeychain();
    const run = await runCli(['init', '--db', dbPath], { keychain });

    expect(run.code).toBe(EXIT.ok);
    const { database_id: id } = info(dbPath);
    expect([...keychain.entries.keys()]).toEqual([`database ${id}`]);
    // No key file appears beside the database.
    expect(readdirSync(dir).filter((name) => !name.startsWith('desk.db'))).toEqual([]);

    const io = createCliIo({
      stdout: { write: () => {} },
      stderr: { write: () => {} },
      env: {},
      keychain,
    });
    const db = openDatabase(dbPath);
    try {
      expect(io.loadKeys({ db }).current('lookup').id).toBe(readDatabaseInfo(db, 'key.lookup'));
    } finally {
      db.close();
    }
  });

  it('without --key-file on a keychain-less machine: one clear line, exit 1, nothing left behind', async () => {
    const dir = tempDir();
    const keychain = fakeKeychain("Couldn't access platform storage: AccessDenied");
    const run = await runCli(['init', '--db', join(dir, 'desk.db')], { keychain });

    expect(run.code).toBe(EXIT.failure);
    expect(run.stderr).toMatch(
      /^desk-admin: The OS keychain could not be used to store the keys of new database [0-9a-f-]{36} \(Couldn't access platform storage: AccessDenied\)\. .* name a key file instead: --key-file PATH\.\n$/u,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('desk-admin command line', () => {
  it('--help works on the program and on every command', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(EXIT.ok);
    expect(top.stdout).toMatch(/^Usage: desk-admin /u);
    const init = await runCli(['init', '--help']);
    expect(init.code).toBe(EXIT.ok);
    expect(init.stdout).toContain('--key-file <path>');
  });

  it('prints the version from package.json', async () => {
    const { version } = (await import('../../../package.json', { with: { type: 'json' } })).default;
    const run = await runCli(['--version']);
    expect(run).toMatchObject({ code: EXIT.ok, stdout: `${version}\n` });
  });

  it('usage errors are one line on stderr with exit 64', async () => {
    for (const argv of [['init'], ['no-such-command'], ['init', '--db']]) {
      const run = await runCli(argv);
      expect(run.code).toBe(EXIT.usage);
      expect(run.stderr).toMatch(/^desk-admin: [^\n]+\n$/u);
    }
  });

  it('an unexpected error is one line with exit 70, no stack trace', async () => {
    const dir = tempDir();
    const run = await runCli(
      ['init', '--db', join(dir, 'desk.db'), '--key-file', join(keyFolder(dir), 'desk.key')],
      {
        io: {
          stdout: {
            write: () => {
              throw new TypeError('stdout went away');
            },
          },
        },
      },
    );
    expect(run.code).toBe(EXIT.internal);
    expect(run.stderr).toBe(
      'desk-admin: unexpected error: stdout went away (set DESK_ADMIN_DEBUG=1 to print the stack)\n',
    );
  });
});

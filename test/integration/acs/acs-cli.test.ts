/**
 * desk-admin acs set / status / test: the settings are checked and audited, the client key
 * is kept sealed (never in clear in the database), and `acs test` says in one line, with its
 * exit code, whether the ACS answered — against the fake ACS and against a closed port.
 */
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyDemoDatabase } from '../../helpers/demo-template.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { TEST_PASSWORD_COST } from '../../helpers/test-password-cost.ts';
import { runCli } from '../cli/cli-harness.ts';
import { acsCerts, useFakeAcs } from './acs-fixture.ts';

const tempDir = useTempDir('verify-desk-acs-cli-');

async function setUp() {
  const dir = tempDir();
  const dbPath = join(dir, 'desk.db');
  const keyFile = join(dir, 'desk.key');
  await copyDemoDatabase({ dbPath, keyFile, cardholders: 3, passwordCost: TEST_PASSWORD_COST });
  const { ca, client } = await acsCerts();
  const files = {
    ca: join(dir, 'ca.pem'),
    cert: join(dir, 'client.pem'),
    key: join(dir, 'client-key.pem'),
  };
  writeFileSync(files.ca, ca.cert);
  writeFileSync(files.cert, client.cert);
  writeFileSync(files.key, client.key);
  return {
    dbPath,
    keyFile,
    files,
    clientKey: client.key,
    db: ['--db', dbPath, '--key-file', keyFile],
  };
}

describe('desk-admin acs', () => {
  const { fake } = useFakeAcs();

  it('set stores the ACS with the client key sealed, audited; test says it answered (exit 0)', async () => {
    const acs = await fake();
    const { db, files, dbPath, clientKey } = await setUp();
    const set = await runCli([
      'acs',
      'set',
      ...db,
      '--url',
      acs.url,
      '--ca',
      files.ca,
      '--client-cert',
      files.cert,
      '--client-key',
      files.key,
    ]);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout).toBe(`Resets go to the ACS at ${acs.url} (mutual TLS).\n`);

    // Neither the database file nor the audit trail holds the key in clear.
    const keyBody = clientKey.split('\n')[1]!;
    expect(readFileSync(dbPath).includes(Buffer.from(keyBody))).toBe(false);
    const raw = new Database(dbPath, { readonly: true });
    const entry = raw.prepare("SELECT details FROM audit_log WHERE action = 'acs.set'").get() as {
      details: string;
    };
    raw.close();
    // No network ACS before; the demo's training mark is kept (a demo is a training database).
    expect(JSON.parse(entry.details)).toMatchObject({
      before: null,
      after: { url: acs.url, clientKey: true, token: false, training: true },
    });
    expect(entry.details).not.toContain('PRIVATE KEY');

    const status = await runCli(['acs', 'status', ...db]);
    expect(status.stdout).toBe(`Network ACS at ${acs.url}, mutual TLS.\n`);

    const test = await runCli(['acs', 'test', ...db]);
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(
      /^ACS at https:\/\/127\.0\.0\.1:\d+ answered in \d+ ms: verify-desk-acs\/1, clocks agree\.\n$/u,
    );
  });

  it('test against a closed port: one line naming the failure, exit 1', async () => {
    const acs = await fake();
    const { db, files } = await setUp();
    await runCli([
      'acs',
      'set',
      ...db,
      '--url',
      acs.url,
      '--ca',
      files.ca,
      '--client-cert',
      files.cert,
      '--client-key',
      files.key,
    ]);
    await acs.close();
    const test = await runCli(['acs', 'test', ...db, '--timeout', '1000']);
    expect(test.code).toBe(1);
    expect(test.stdout).toMatch(
      /^ACS at https:\/\/127\.0\.0\.1:\d+ not answering: unreachable \(ECONNREFUSED\): The ACS could not be reached: [^\n]+\n$/u,
    );
  });

  it('test against an ACS that never answers: a timeout, exit 1', async () => {
    const acs = await fake();
    const { db, files } = await setUp();
    await runCli([
      'acs',
      'set',
      ...db,
      '--url',
      acs.url,
      '--ca',
      files.ca,
      '--client-cert',
      files.cert,
      '--client-key',
      files.key,
    ]);
    acs.fault({ kind: 'timeout' }, 'read');
    const test = await runCli(['acs', 'test', ...db, '--timeout', '200']);
    expect(test.code).toBe(1);
    expect(test.stdout).toBe(
      `ACS at ${acs.url} not answering: timeout: The ACS did not answer within 200 ms.\n`,
    );
  });

  it('refuses what cannot work and changes nothing: http, a key without its certificate, a wrong key', async () => {
    const { db, files, dbPath } = await setUp();
    const other = await (await acsCerts()).ca.issue({ commonName: 'other', usage: 'client' });
    const otherKey = join(files.key + '.other');
    writeFileSync(otherKey, other.key);
    const cases: [string[], string][] = [
      [
        ['--url', 'http://127.0.0.1:1', '--client-cert', files.cert, '--client-key', files.key],
        'must be https',
      ],
      [['--url', 'https://127.0.0.1:1', '--client-key', files.key], 'go together'],
      [
        ['--url', 'https://127.0.0.1:1', '--client-cert', files.cert, '--client-key', otherKey],
        'not the certificate',
      ],
      [
        [
          '--url',
          'https://127.0.0.1:1',
          '--ca',
          files.key,
          '--client-cert',
          files.cert,
          '--client-key',
          files.key,
        ],
        'CA file is not',
      ],
      [['--url', 'https://127.0.0.1:1'], 'client certificate and key, or a bearer token'],
    ];
    for (const [args, says] of cases) {
      const run = await runCli(['acs', 'set', ...db, ...args]);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toContain(says);
    }
    const raw = new Database(dbPath, { readonly: true });
    // Only the demo's training mark, as it was: no network ACS was stored.
    expect(raw.prepare('SELECT url, training FROM acs_gateway').all()).toEqual([
      { url: null, training: 1 },
    ]);
    expect(
      raw.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'acs.set'").get(),
    ).toEqual({ n: 0 });
    raw.close();
    const test = await runCli(['acs', 'test', ...db]);
    expect(test.code).toBe(1);
    expect(test.stderr).toBe(
      'desk-admin: No network ACS is set: set one with "desk-admin acs set".\n',
    );
  });
});

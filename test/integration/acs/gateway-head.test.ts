/**
 * The key store names the ACS gateway row its last setting wrote (keys/gateway-head.ts). The
 * trail's "last entry that set it" can be moved by someone who writes the database file
 * without the keys: hide the newest entry (drop the triggers, flip its result, put the
 * triggers back byte for byte) and put back the older row with its genuine MAC, and the older
 * entry vouches for it. The key store cannot be written without the keys: the row is not the
 * one it names, and is treated as altered.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAcsSettingsStore } from '../../../main/core/acs/acs-settings.ts';
import { openDatabase } from '../../../main/core/db/connection.ts';
import { readKeyBinding } from '../../../main/core/keys/database-key-binding.ts';
import { openKeyProvider } from '../../../main/core/keys/open-key-provider.ts';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { hideNewestEntry } from '../../helpers/hide-entry.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { fakeKeychain } from '../../unit/keys/fake-keychain.ts';
import { runCli } from '../cli/cli-harness.ts';
import { FIXTURES, importFile, newDatabase } from '../import/import-harness.ts';
import { putBack, snapshot } from './gateway-row-backup.ts';
import { setAcsByCli, setCardRef, useFakeAcs } from './acs-fixture.ts';

const { fake } = useFakeAcs();
const demoCore = useDemoCore({ cardholders: 12 });
const tempDir = useTempDir('verify-desk-gateway-head-');
const cardId = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes').cards[0]!.publicId;
const SET_AND_DIE = join(import.meta.dirname, 'head/set-and-die.ts');

const keyDocument = (keyFile: string) =>
  JSON.parse(readFileSync(keyFile, 'utf8')) as {
    gatewayHead?: { seq: number; rowSha256: string; acsData: boolean };
  };

const ALTERED = /^ACS gateway settings fail their seal/u;

describe('the gateway row the key store names', () => {
  it('the newest acs.set hidden and the older row put back with its MAC: refused as altered, nothing reaches either ACS', async () => {
    const old = await fake();
    const issuer = await fake();
    let paths = { dbPath: '', keyFile: '' };
    let hidden = 0;
    const desk = await demoCore({ relayResets: true }, async (p) => {
      paths = p;
      await setAcsByCli(p.dbPath, p.keyFile, old.url);
      const before = snapshot(p.dbPath);
      await setAcsByCli(p.dbPath, p.keyFile, issuer.url);
      setCardRef(p.dbPath, p.keyFile, cardId, 'ACS-LOCKED-1');
      // The lookup of the trail's last setting now finds the older acs.set, whose MAC
      // verifies and which names the older row exactly.
      hidden = hideNewestEntry(p.dbPath, 'acs.set');
      putBack(p.dbPath, before);
    });
    expect(keyDocument(paths.keyFile).gatewayHead?.seq).toBe(hidden);

    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
      value: { lockSource: 'local-record' },
    });
    expect(old.requests()).toEqual({ read: 0, apply: 0 });
    expect(issuer.requests()).toEqual({ read: 0, apply: 0 });
    expect(desk.query('SELECT kind, scope FROM alerts')).toEqual([
      { kind: 'altered-row', scope: 'acs_gateway' },
    ]);

    const db = ['--db', paths.dbPath, '--key-file', paths.keyFile];
    const status = await runCli(['acs', 'status', ...db]);
    expect(status.stdout).toMatch(ALTERED);
    expect(status.stdout).toContain(
      `the ACS gateway row is not the one the setting the key store records (audit entry ${hidden}) wrote`,
    );
    expect((await runCli(['acs', 'test', ...db])).code).toBe(1);
    expect(old.requests()).toEqual({ read: 0, apply: 0 });
    const verify = await runCli(['audit', 'verify', ...db]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(`(audit entry ${hidden}) wrote`);
  });

  it('imported ACS data: the row from before the import put back and acs.data-marked hidden leaves the embedded gateway refused', async () => {
    const dir = tempDir();
    const target = newDatabase(dir);
    const db = ['--db', target.dbPath, '--key-file', target.keyFile];
    // A real database (not training) with no network ACS yet: the row says training off.
    expect((await runCli(['acs', 'training', '--off', ...db])).code).toBe(0);
    const beforeImport = snapshot(target.dbPath);
    expect(beforeImport).toMatchObject({ acs_data: 0, url: null });
    await importFile(target, join(FIXTURES, 'issuer-sample.jsonl'));
    expect(keyDocument(target.keyFile).gatewayHead).toMatchObject({ acsData: true });
    expect((await runCli(['acs', 'status', ...db])).stdout).toMatch(
      /^No network ACS set, and the database holds imported ACS data/u,
    );

    hideNewestEntry(target.dbPath, 'acs.data-marked');
    // The row as it was (its genuine MAC), the data's references cleared with it: by the
    // trail, the database now holds no ACS data and the embedded gateway would be allowed.
    putBack(
      target.dbPath,
      beforeImport,
      'UPDATE cards SET acs_card_ref = NULL; UPDATE lockouts SET external_id = NULL;',
    );
    const status = await runCli(['acs', 'status', ...db]);
    expect(status.stdout).toMatch(ALTERED);
    expect(status.stdout).toContain('lost the mark of imported ACS data');
    expect((await runCli(['audit', 'verify', ...db])).code).toBe(1);
  });

  it('an import stopped before its last step: the mark of ACS data is recorded in the key store at the next read, so the unmarked row put back is caught', async () => {
    const dir = tempDir();
    const target = newDatabase(dir);
    const db = ['--db', target.dbPath, '--key-file', target.keyFile];
    expect((await runCli(['acs', 'training', '--off', ...db])).code).toBe(0);
    const unmarked = snapshot(target.dbPath);
    await importFile(target, join(FIXTURES, 'issuer-sample.jsonl'));
    // As if the import had stopped after its data, before acs.data-marked and the key store.
    const head = keyDocument(target.keyFile).gatewayHead!;
    writeFileSync(
      target.keyFile,
      `${JSON.stringify({ ...keyDocument(target.keyFile), gatewayHead: { ...head, acsData: false } }, null, 2)}\n`,
      { mode: 0o600 },
    );
    expect((await runCli(['acs', 'status', ...db])).stdout).toMatch(
      /^No network ACS set, and the database holds imported ACS data/u,
    );
    // acs status reads without the write lock, so it leaves the key store alone…
    expect(keyDocument(target.keyFile).gatewayHead).toMatchObject({ acsData: false });
    // …and the next reader that can take the lock (a console, desk-admin) records the mark.
    const rw = openDatabase(target.dbPath);
    try {
      const keys = openKeyProvider({ keyFile: target.keyFile, ...readKeyBinding(rw) });
      expect(createAcsSettingsStore(rw, keys).problem()).toBeNull();
    } finally {
      rw.close();
    }
    expect(keyDocument(target.keyFile).gatewayHead).toMatchObject({ acsData: true });
    hideNewestEntry(target.dbPath, 'acs.data-marked');
    putBack(
      target.dbPath,
      unmarked,
      'UPDATE cards SET acs_card_ref = NULL; UPDATE lockouts SET external_id = NULL;',
    );
    expect((await runCli(['acs', 'status', ...db])).stdout).toContain(
      'lost the mark of imported ACS data',
    );
  });

  it('the process dying between the commit and the key store: the row is refused until set again', async () => {
    const issuer = await fake();
    let paths = { dbPath: '', keyFile: '' };
    await demoCore({}, async (p) => {
      paths = p;
      await setAcsByCli(p.dbPath, p.keyFile, issuer.url);
    });
    const db = ['--db', paths.dbPath, '--key-file', paths.keyFile];
    const head = keyDocument(paths.keyFile).gatewayHead;
    const died = spawnSync(
      process.execPath,
      [SET_AND_DIE, paths.dbPath, paths.keyFile, 'https://other.example.test/acs'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(died.signal).toBe('SIGKILL');
    expect(died.stdout).toBe('');
    // The setting committed (its entry and row are in the database); the key store still
    // names the row before it.
    const raw = new Database(paths.dbPath, { readonly: true });
    const last = raw
      .prepare("SELECT seq FROM audit_log WHERE action = 'acs.set' ORDER BY seq DESC LIMIT 1")
      .get() as { seq: number };
    expect(raw.prepare('SELECT url FROM acs_gateway').get()).toEqual({
      url: 'https://other.example.test/acs',
    });
    raw.close();
    expect(last.seq).toBeGreaterThan(head!.seq);
    expect(keyDocument(paths.keyFile).gatewayHead).toEqual(head);

    const status = await runCli(['acs', 'status', ...db]);
    expect(status.stdout).toMatch(ALTERED);
    expect((await runCli(['acs', 'test', ...db])).code).toBe(1);
    // Set again by the administrator, it is used.
    await setAcsByCli(paths.dbPath, paths.keyFile, issuer.url);
    expect((await runCli(['acs', 'test', ...db])).code).toBe(0);
  });

  it('a row naming a URL with no head in the key store (set before it kept one) is altered until set again', async () => {
    const issuer = await fake();
    let paths = { dbPath: '', keyFile: '' };
    await demoCore({}, async (p) => {
      paths = p;
      await setAcsByCli(p.dbPath, p.keyFile, issuer.url);
    });
    const db = ['--db', paths.dbPath, '--key-file', paths.keyFile];
    const { gatewayHead: _dropped, ...older } = keyDocument(paths.keyFile);
    writeFileSync(paths.keyFile, `${JSON.stringify(older, null, 2)}\n`, { mode: 0o600 });
    const status = await runCli(['acs', 'status', ...db]);
    expect(status.stdout).toMatch(ALTERED);
    expect(status.stdout).toContain('the key store records no setting of the ACS gateway row');
    await setAcsByCli(paths.dbPath, paths.keyFile, issuer.url);
    expect((await runCli(['acs', 'test', ...db])).code).toBe(0);
  });

  it('with the keys in the OS keychain, the head is kept there the same way', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'desk.db');
    const keychain = fakeKeychain();
    expect((await runCli(['init', '--db', dbPath], { keychain })).code).toBe(0);
    const entry = () => JSON.parse([...keychain.entries.values()][0]!) as Record<string, unknown>;
    expect(entry()).not.toHaveProperty('gatewayHead');
    expect((await runCli(['acs', 'training', '--db', dbPath], { keychain })).code).toBe(0);
    const marked = snapshot(dbPath);
    expect(entry()).toMatchObject({
      anchorHead: { n: expect.any(Number) },
      gatewayHead: { seq: expect.any(Number), acsData: false },
    });
    expect((await runCli(['acs', 'training', '--off', '--db', dbPath], { keychain })).code).toBe(0);
    hideNewestEntry(dbPath, 'acs.training');
    putBack(dbPath, marked);
    const status = await runCli(['acs', 'status', '--db', dbPath], { keychain });
    expect(status.stdout).toMatch(ALTERED);
    expect(status.stdout).toContain('wrote (an older row put back?)');
  });
});

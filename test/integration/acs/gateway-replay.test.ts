/**
 * An older acs_gateway row put back from a backup keeps its genuine MAC. The trail names the row
 * whole at every write (acs.set, acs.training, and acs.data-marked when an import marks the
 * database as holding ACS data), so a row that is not the one its last entry names is treated
 * as altered: never used, the lead alerted once, `acs status`, `acs test` and `audit verify`
 * say so.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { runCli } from '../cli/cli-harness.ts';
import { FIXTURES, importFile, newDatabase } from '../import/import-harness.ts';
import { putBack, snapshot } from './gateway-row-backup.ts';
import { setAcsByCli, setCardRef, useFakeAcs } from './acs-fixture.ts';

const { fake } = useFakeAcs();
const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const REF = 'ACS-LOCKED-1';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('an older ACS gateway row put back', () => {
  it('the old URL with its old CA and token, genuine MAC and all, is never used: nothing reaches either ACS, the lead is alerted once, acs status, acs test and audit verify say so', async () => {
    const old = await fake();
    const issuer = await fake();
    let paths = { dbPath: '', keyFile: '' };
    const desk = await demoCore({ relayResets: true }, async (p) => {
      paths = p;
      await setAcsByCli(p.dbPath, p.keyFile, old.url);
      const before = snapshot(p.dbPath);
      await setAcsByCli(p.dbPath, p.keyFile, issuer.url);
      setCardRef(p.dbPath, p.keyFile, cardId, REF);
      putBack(p.dbPath, before);
    });
    const db = ['--db', paths.dbPath, '--key-file', paths.keyFile];

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

    const status = await runCli(['acs', 'status', ...db]);
    expect(status.stdout).toMatch(/^ACS gateway settings fail their seal/u);
    const test = await runCli(['acs', 'test', ...db]);
    expect(test.code).toBe(1);
    expect(test.stdout).toMatch(/^ACS gateway settings fail their seal/u);
    expect(old.requests()).toEqual({ read: 0, apply: 0 });
    const verify = await runCli(['audit', 'verify', ...db]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(
      /the ACS gateway row is not the one its last setting \(audit entry \d+, acs\.set\) set \(url, clientKeySealedSha256, tokenSealedSha256, updatedAt differ/u,
    );
    // Set again by the administrator, the row is used again.
    await setAcsByCli(paths.dbPath, paths.keyFile, issuer.url);
    expect((await runCli(['acs', 'test', ...db])).code).toBe(0);
  });

  it('the training mark put back after an administrator took it off leaves the embedded gateway refused', async () => {
    let paths = { dbPath: '', keyFile: '' };
    await demoCore({}, async (p) => {
      paths = p;
    });
    const db = ['--db', paths.dbPath, '--key-file', paths.keyFile];
    // The demo is a training database; an administrator makes it a real one.
    const marked = snapshot(paths.dbPath);
    expect(marked).toMatchObject({ training: 1, acs_data: 1 });
    expect((await runCli(['acs', 'training', '--off', ...db])).code).toBe(0);
    expect((await runCli(['acs', 'status', ...db])).stdout).toMatch(/^No network ACS set/u);
    putBack(paths.dbPath, marked);
    expect((await runCli(['acs', 'status', ...db])).stdout).toMatch(
      /^ACS gateway settings fail their seal/u,
    );
    const verify = await runCli(['audit', 'verify', ...db]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(
      /the ACS gateway row is not the one its last setting \(audit entry \d+, acs\.training\) set \(training, updatedAt differ/u,
    );
  });

  it('an import-made row on a database no administrator set is named in the trail: deleted with the references cleared, it is caught', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-replay-'));
    dirs.push(dir);
    const target = newDatabase(dir);
    await importFile(target, join(FIXTURES, 'issuer-sample.jsonl'));
    const db = ['--db', target.dbPath, '--key-file', target.keyFile];
    expect((await runCli(['acs', 'status', ...db])).stdout).toMatch(
      /^No network ACS set, and the database holds imported ACS data/u,
    );
    const raw = keylessWriter(target.dbPath);
    raw.exec(`DELETE FROM acs_gateway;
              UPDATE cards SET acs_card_ref = NULL;
              UPDATE lockouts SET external_id = NULL;`);
    raw.close();
    expect((await runCli(['acs', 'status', ...db])).stdout).toMatch(
      /^ACS gateway settings fail their seal/u,
    );
    const verify = await runCli(['audit', 'verify', ...db]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(
      /the ACS gateway row is gone, but its last setting \(audit entry \d+, acs\.data-marked\) set it/u,
    );
  });
});

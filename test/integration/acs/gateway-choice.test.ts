/**
 * Which gateway a console uses: the network ACS once `desk-admin acs set` named one; the
 * embedded one otherwise — refused on a database holding imported ACS data (it would clear a
 * local copy of the lock and call it applied) unless the database is marked training.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AcsSettingsError } from '../../../main/core/acs/acs-settings.ts';
import { manualClock } from '../../../main/core/clock.ts';
import { DEMO_EPOCH } from '../../../main/core/demo/build-demo.ts';
import { copyDemoDatabase } from '../../helpers/demo-template.ts';
import { createDeskCore } from '../../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../../main/core/desk-core-options.ts';
import { keylessWriter, sealWrites } from '../../helpers/sealed-writer.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { TEST_PASSWORD_COST } from '../../helpers/test-password-cost.ts';
import { runCli } from '../cli/cli-harness.ts';

const tempDir = useTempDir('verify-desk-acs-choice-');

async function database() {
  const dir = tempDir();
  const dbPath = join(dir, 'desk.db');
  const keyFile = join(dir, 'desk.key');
  await copyDemoDatabase({ dbPath, keyFile, cardholders: 3, passwordCost: TEST_PASSWORD_COST });
  const open = () =>
    createDeskCore(
      deskCoreOptions({
        dbPath,
        keyFile,
        clock: manualClock(DEMO_EPOCH),
        logInternal: () => undefined,
      }),
    );
  return { dbPath, keyFile, open };
}

describe('the gateway a console uses', () => {
  it('a demo database uses the embedded ACS', async () => {
    const { open } = await database();
    const core = open();
    const info = await core.router.call('w1', 'app.info', {});
    expect(info).toMatchObject({ ok: true, value: { acs: 'embedded' } });
    core.close();
  });

  it('imported ACS data refuses the embedded ACS, unless the database is marked training', async () => {
    const { dbPath, keyFile, open } = await database();
    // The demo is an import marked training; unmarked, it is imported ACS data like any other.
    expect(
      (await runCli(['acs', 'training', '--off', '--db', dbPath, '--key-file', keyFile])).code,
    ).toBe(0);
    const db = new Database(dbPath);
    sealWrites(db, dbPath, keyFile);
    db.prepare("UPDATE cards SET acs_card_ref = 'ACS-REF-1' WHERE id = 1").run();
    db.close();
    expect(open).toThrow(AcsSettingsError);
    expect(open).toThrow(/desk-admin acs set/u);
    const marked = await runCli(['acs', 'training', '--db', dbPath, '--key-file', keyFile]);
    expect(marked.code, marked.stderr).toBe(0);
    const core = open();
    expect(await core.router.call('w1', 'app.info', {})).toMatchObject({
      ok: true,
      value: { acs: 'embedded' },
    });
    core.close();
    const status = await runCli(['acs', 'status', '--db', dbPath, '--key-file', keyFile]);
    expect(status.stdout).toBe('Embedded ACS (the local database), training database.\n');
  });

  it('the marks that allow the embedded ACS hold against a writer without the keys', async () => {
    const { dbPath, keyFile, open } = await database();
    expect(
      (await runCli(['acs', 'training', '--off', '--db', dbPath, '--key-file', keyFile])).code,
    ).toBe(0);
    const db = new Database(dbPath);
    sealWrites(db, dbPath, keyFile);
    db.prepare("UPDATE cards SET acs_card_ref = 'ACS-REF-1' WHERE id = 1").run();
    db.close();
    // The references cleared in the file: the sealed mark of imported data still refuses.
    let raw = keylessWriter(dbPath);
    raw.prepare('UPDATE cards SET acs_card_ref = NULL').run();
    raw.close();
    expect(open).toThrow(/holds ACS data from an import/u);

    // A training mark written without the keys is not a training mark: the row fails its seal,
    // so the console asks nobody (and alerts) instead of using the embedded ACS.
    raw = keylessWriter(dbPath);
    raw.prepare('UPDATE acs_gateway SET training = 1, acs_data = 0').run();
    raw.close();
    let core = open();
    expect(await core.router.call('w1', 'app.info', {})).toMatchObject({
      ok: true,
      value: { acs: 'network' },
    });
    core.close();

    // Marked training by desk-admin, then the row deleted with the references: the trail says
    // a row was set, so its absence is an alteration too.
    expect((await runCli(['acs', 'training', '--db', dbPath, '--key-file', keyFile])).code).toBe(0);
    core = open();
    expect(await core.router.call('w1', 'app.info', {})).toMatchObject({
      ok: true,
      value: { acs: 'embedded' },
    });
    core.close();
    raw = keylessWriter(dbPath);
    raw.prepare('DELETE FROM acs_gateway').run();
    raw.close();
    core = open();
    expect(await core.router.call('w1', 'app.info', {})).toMatchObject({
      ok: true,
      value: { acs: 'network' },
    });
    core.close();
    const alerts = new Database(dbPath, { readonly: true });
    expect(alerts.prepare('SELECT kind, scope, occurrences FROM alerts').all()).toEqual([
      { kind: 'altered-row', scope: 'acs_gateway', occurrences: 2 },
    ]);
    alerts.close();
  });
});

/**
 * Only cards from before migration 023 may lack a MAC, and how far those go is what the trail's
 * database.seals-from entry says (acs/seals-from.ts), never the seals_from row, which has no
 * MAC. A writer without the keys who raises the row, moves the victim's card to the
 * accomplice's cardholder and clears its MAC gets nothing: on a database without imported ACS
 * data the accomplice's answers do not verify the victim's card, and `audit verify` names it.
 */
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../main/core/clock.ts';
import { createDeskCore } from '../../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../../main/core/desk-core-options.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { runCli } from '../cli/cli-harness.ts';
import { FIXTURES, importFile, newDatabase } from '../import/import-harness.ts';

const tempDir = useTempDir('verify-desk-no-acs-data-');
const PASSWORD = 'Agent-passw0rd-seals';

describe('seals_from raised in the file', () => {
  it("the victim's card, sealed at import, moved to the accomplice with its MAC cleared, does not verify with the accomplice's answers", async () => {
    const dir = tempDir();
    const target = newDatabase(dir);
    // The issuer's export without ACS references (and without imported locks).
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
    const db = ['--db', target.dbPath, '--key-file', target.keyFile];
    expect(
      (
        await runCli(
          [
            'operator',
            'add',
            ...db,
            '--username',
            'agent1',
            '--role',
            'agent',
            '--name',
            'Agent One',
          ],
          { password: PASSWORD },
        )
      ).code,
    ).toBe(0);
    const check = new Database(target.dbPath, { readonly: true });
    // Sealed by migration 023's trigger at import.
    expect(
      check
        .prepare(
          "SELECT acs_ref_mac IS NOT NULL AS sealed FROM cards WHERE external_id = 'IMP-C-001'",
        )
        .get(),
    ).toEqual({ sealed: 1 });
    check.close();

    const raw = keylessWriter(target.dbPath);
    raw.exec(`
      UPDATE cards SET cardholder_id = (SELECT id FROM cardholders WHERE external_id = 'IMP-H-002')
        WHERE external_id = 'IMP-C-001';
      UPDATE cards SET acs_ref_key_id = NULL, acs_ref_mac = NULL WHERE external_id = 'IMP-C-001';
      UPDATE seals_from SET cards_through = 1000000, holders_through = 1000000;`);
    const victimCard = (
      raw.prepare("SELECT public_id FROM cards WHERE external_id = 'IMP-C-001'").get() as {
        public_id: string;
      }
    ).public_id;
    raw.close();
    const verify = await runCli(['audit', 'verify', ...db]);
    expect(verify.code).toBe(1);

    const core = createDeskCore(
      deskCoreOptions({
        dbPath: target.dbPath,
        keyFile: target.keyFile,
        clock: manualClock(new Date('2026-11-20T01:00:00.000Z')),
        logInternal: () => undefined,
      }),
    );
    try {
      const call = (channel: string, input: unknown) => core.router.call('w1', channel, input);
      expect(
        await call('session.signIn', { username: 'agent1', password: PASSWORD }),
      ).toMatchObject({ ok: true });
      expect(
        await call('cards.search', { key: 'customer-ref', customerRef: 'CR90000002' }),
      ).toMatchObject({ ok: true });
      await call('cards.open', { cardId: victimCard });
      expect(
        await call('caller.verify', { cardId: victimCard, dob: '1985-07-14', postcode: '1060032' }),
      ).not.toMatchObject({ ok: true, value: { status: 'verified' } });
    } finally {
      core.close();
    }
  });
});

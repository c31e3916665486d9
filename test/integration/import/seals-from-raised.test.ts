/**
 * Only cards from before migration 023 may lack a MAC, and how far those go is what the trail's
 * database.seals-from entry says (acs/seals-from.ts), never the seals_from row, which has no
 * MAC. A writer without the keys who raises the row, moves the victim's card to the
 * accomplice's cardholder and clears its MAC gets nothing: on a database without imported ACS
 * data the accomplice's answers do not verify the victim's card, and `audit verify` names it.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { runCli } from '../cli/cli-harness.ts';
import { newDatabase } from './import-harness.ts';
import { addAgent, importedCore, importWithoutRefs } from './imported-desk.ts';

const tempDir = useTempDir('verify-desk-no-acs-data-');
const PASSWORD = 'Agent-passw0rd-seals';

describe('seals_from raised in the file', () => {
  it("the victim's card, sealed at import, moved to the accomplice with its MAC cleared, does not verify with the accomplice's answers", async () => {
    const dir = tempDir();
    const target = newDatabase(dir);
    // The issuer's export without ACS references (and without imported locks).
    await importWithoutRefs(target, dir);
    const db = ['--db', target.dbPath, '--key-file', target.keyFile];
    await addAgent(target, PASSWORD);
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

    const core = importedCore(target);
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

/**
 * On a database without imported ACS data (cards imported without acsCardRef), only a card
 * without a MAC written before migration 023 may be read as before. A card sealed at import,
 * moved to an accomplice's cardholder with its MAC cleared — or with its MAC left wrong — is
 * altered: the caller cannot be verified on it, and `audit verify` names it.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { runCli } from '../cli/cli-harness.ts';
import { newDatabase } from '../import/import-harness.ts';
import { addAgent, importedCore, importWithoutRefs } from '../import/imported-desk.ts';

const tempDir = useTempDir('verify-desk-no-acs-data-card-');
const PASSWORD = 'Agent-passw0rd-no-acs-data';

describe('a database without imported ACS data', () => {
  it.each([
    ['cleared', 'UPDATE cards SET acs_ref_key_id = NULL, acs_ref_mac = NULL'],
    ['left wrong', 'UPDATE cards SET acs_ref_mac = zeroblob(32)'],
  ])(
    "does not trust the victim's card moved to the accomplice with its MAC %s",
    async (_, clear) => {
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
      ${clear} WHERE external_id = 'IMP-C-001';`);
      const victimCard = (
        raw.prepare("SELECT public_id FROM cards WHERE external_id = 'IMP-C-001'").get() as {
          public_id: string;
        }
      ).public_id;
      raw.close();
      const verify = await runCli(['audit', 'verify', ...db]);
      expect(verify.code).toBe(1);
      expect(verify.stdout).toContain(victimCard);

      const core = importedCore(target);
      try {
        const call = (channel: string, input: unknown) => core.router.call('w1', channel, input);
        expect(
          await call('session.signIn', { username: 'agent1', password: PASSWORD }),
        ).toMatchObject({ ok: true });
        expect(
          await call('cards.search', { key: 'customer-ref', customerRef: 'CR90000002' }),
        ).toMatchObject({ ok: true });
        expect(await call('cards.open', { cardId: victimCard })).toMatchObject({ ok: true });
        expect(
          await call('caller.verify', {
            cardId: victimCard,
            dob: '1985-07-14',
            postcode: '1060032',
          }),
        ).toMatchObject({ ok: false, error: { reason: 'verification.card-altered' } });
      } finally {
        core.close();
      }
    },
  );
});

/**
 * What caller verification decides on is sealed (migration 020): a card moved to another
 * cardholder in the file keeping its sealed ACS reference, or another cardholder's verification
 * facts copied in, verify nobody — the accomplice's DOB and postcode get a typed refusal, the
 * refusal is audited, the lead alerted, and `audit verify` names the card or the cardholder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { runCli } from '../cli/cli-harness.ts';
import { FIXTURES, importFile, newDatabase } from '../import/import-harness.ts';
import { setAcsByCli, setCardRef, useFakeAcs } from './acs-fixture.ts';

const { fake } = useFakeAcs();
const demoCore = useDemoCore({ cardholders: 12 });
const victim = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const accomplice = demoScenarioPerson(DEMO_SEED, 'code-expired');
const cardId = victim.cards[0]!.publicId;
const REF = 'ACS-LOCKED-1';

async function verifyAsAccomplice(desk: Awaited<ReturnType<typeof demoCore>>) {
  await desk.signIn('agent');
  expect((await desk.openCard(cardId)).ok).toBe(true);
  return desk.core.router.call('w1', 'caller.verify', {
    cardId,
    dob: accomplice.dob,
    postcode: accomplice.postcode,
  });
}

describe('sealed verification', () => {
  it("a card moved to the accomplice's cardholder, keeping its sealed ACS reference, cannot be verified with the accomplice's DOB and postcode, nor reset", async () => {
    const issuer = await fake();
    issuer.card(REF, null);
    issuer.lock(REF, { since: new Date(Date.now() - 60_000), until: null, cause: 'wrong_codes' });
    const desk = await demoCore({}, async (p) => {
      await setAcsByCli(p.dbPath, p.keyFile, issuer.url);
      setCardRef(p.dbPath, p.keyFile, cardId, REF);
      const raw = keylessWriter(p.dbPath);
      const sealed = raw
        .prepare(
          'SELECT acs_ref_key_id AS keyId, acs_ref_mac AS mac FROM cards WHERE public_id = ?',
        )
        .get(cardId) as { keyId: string; mac: Buffer };
      raw
        .prepare(
          'UPDATE cards SET cardholder_id = (SELECT cardholder_id FROM cards WHERE public_id = ?) WHERE public_id = ?',
        )
        .run(accomplice.cards[0]!.publicId, cardId);
      // The reference's seal put back as it was: only the cardholder changed.
      raw
        .prepare('UPDATE cards SET acs_ref_key_id = ?, acs_ref_mac = ? WHERE public_id = ?')
        .run(sealed.keyId, sealed.mac, cardId);
      raw.close();
    });

    const verified = await verifyAsAccomplice(desk);
    expect(verified).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'verification.card-altered' },
    });
    const reset = await desk.core.router.call('w1', 'lockout.reset', {
      cardId,
      reason: 'cardholder-mistyped-code',
      note: 'Verified; code mistyped.',
    });
    // The card is held as for fraud (broken-card-ref.test.ts): nothing is recorded or sent.
    expect(reset).toMatchObject({ ok: false, error: { reason: 'reset.fraud' } });
    expect(issuer.clears()).toEqual({});
    expect(
      desk.query(
        "SELECT result, details FROM audit_log WHERE action = 'caller.verify' AND subject_id = ?",
        cardId,
      ),
    ).toEqual([{ result: 'refused', details: expect.stringContaining('"card-altered"') }]);
    expect(desk.query('SELECT kind, scope, subject_id FROM alerts ORDER BY id')).toEqual([
      { kind: 'altered-row', scope: 'cards', subject_id: cardId },
      { kind: 'reset-refused-fraud', scope: null, subject_id: cardId },
    ]);
    const verify = await runCli([
      'audit',
      'verify',
      '--db',
      desk.dbPath,
      '--key-file',
      desk.keyFile,
    ]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(
      new RegExp(`the ACS card reference of card\\(s\\) ${cardId} `, 'u'),
    );
  });

  it("the accomplice's verification facts copied over the victim's verify nobody", async () => {
    const desk = await demoCore({}, () => {
      // (built by the importer: every cardholder's facts sealed)
    });
    const raw = keylessWriter(desk.dbPath);
    raw
      .prepare(
        `UPDATE verification_facts SET (pair_hash, salt, cost, pepper_key_id, facts_key_id, facts_mac) =
           (SELECT f.pair_hash, f.salt, f.cost, f.pepper_key_id, f.facts_key_id, f.facts_mac
            FROM verification_facts f JOIN cards c ON c.cardholder_id = f.cardholder_id
            WHERE c.public_id = ?)
         WHERE cardholder_id = (SELECT cardholder_id FROM cards WHERE public_id = ?)`,
      )
      .run(accomplice.cards[0]!.publicId, cardId);
    raw.close();

    const verified = await verifyAsAccomplice(desk);
    expect(verified).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'verification.facts-altered' },
    });
    // The victim's own answers do not verify either: the row is not theirs any more.
    const own = await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: victim.dob,
      postcode: victim.postcode,
    });
    expect(own).toMatchObject({ ok: false, error: { reason: 'verification.facts-altered' } });
    expect(desk.query('SELECT count(*) AS n FROM verification_attempts')).toEqual([{ n: 0 }]);
    expect(desk.query('SELECT kind, scope, occurrences FROM alerts')).toEqual([
      { kind: 'altered-row', scope: 'verification_facts', occurrences: 2 },
    ]);
    const verify = await runCli([
      'audit',
      'verify',
      '--db',
      desk.dbPath,
      '--key-file',
      desk.keyFile,
    ]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('the verification facts of cardholder(s) ');
    expect(verify.stdout).toContain('do not match their MAC');
  });

  it('facts and card references without a seal (as migration 020 leaves them) are sealed again by importing the same records', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verification-seals-'));
    try {
      const target = newDatabase(dir);
      const file = join(FIXTURES, 'issuer-sample.jsonl');
      await importFile(target, file);
      const db = ['--db', target.dbPath, '--key-file', target.keyFile];
      expect((await runCli(['audit', 'verify', ...db])).code).toBe(0);
      const raw = keylessWriter(target.dbPath);
      raw.exec(`UPDATE verification_facts SET facts_key_id = NULL, facts_mac = NULL;
                UPDATE cards SET acs_ref_key_id = NULL, acs_ref_mac = NULL;`);
      raw.close();
      const unsealed = await runCli(['audit', 'verify', ...db]);
      expect(unsealed.code).toBe(1);
      expect(unsealed.stdout).toContain('the verification facts of cardholder(s) ');
      expect(unsealed.stdout).toContain('the ACS card reference of card(s) ');
      const again = await importFile(target, file);
      expect(again.counts['verification']).toMatchObject({ updated: expect.any(Number) });
      expect((await runCli(['audit', 'verify', ...db])).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

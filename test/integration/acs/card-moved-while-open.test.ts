/**
 * A card moved to another cardholder only while the agent opens it: a keyless writer moves the
 * card to an accomplice's cardholder, the agent opens it (the call takes that cardholder), and
 * the card is put back exactly (cardholder and genuine seal). The call's cardholder is no longer
 * the card's, so verification refuses the card as altered: the accomplice's DOB and postcode
 * verify nobody, and nothing is cleared at the ACS.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_EPOCH, DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { setAcsByCli, setCardRef, useFakeAcs } from './acs-fixture.ts';

const { fake } = useFakeAcs();
const demoCore = useDemoCore({ cardholders: 12 });
const victim = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const accomplice = demoScenarioPerson(DEMO_SEED, 'code-expired');
const cardId = victim.cards[0]!.publicId;
const REF = 'ACS-LOCKED-1';

describe('a card moved to another cardholder while it is opened, then put back', () => {
  it("the accomplice's DOB and postcode are refused on the victim's card; nothing is cleared", async () => {
    const epoch = new Date(DEMO_EPOCH).getTime();
    let now = () => new Date(epoch);
    const issuer = await fake({ now: () => now() });
    issuer.card(REF, null);
    issuer.lock(REF, { since: new Date(epoch - 20 * 60_000), until: null, cause: 'wrong_codes' });
    let saved = { holder: 0, keyId: '', mac: Buffer.alloc(0) };
    let dbPath = '';
    const desk = await demoCore({}, async (p) => {
      dbPath = p.dbPath;
      await setAcsByCli(p.dbPath, p.keyFile, issuer.url);
      setCardRef(p.dbPath, p.keyFile, cardId, REF);
      const raw = keylessWriter(p.dbPath);
      saved = raw
        .prepare(
          'SELECT cardholder_id AS holder, acs_ref_key_id AS keyId, acs_ref_mac AS mac FROM cards WHERE public_id = ?',
        )
        .get(cardId) as typeof saved;
      // Moved for the moment the agent opens the card.
      raw
        .prepare(
          'UPDATE cards SET cardholder_id = (SELECT cardholder_id FROM cards WHERE public_id = ?) WHERE public_id = ?',
        )
        .run(accomplice.cards[0]!.publicId, cardId);
      raw.close();
    });
    now = () => desk.clock.now();
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);

    // Put back exactly as it was: cardholder and genuine seal.
    const raw = keylessWriter(dbPath);
    // (two statements: the update trigger reseals after a cardholder change, so the genuine MAC
    // goes back in a write of the seal columns alone)
    raw.prepare('UPDATE cards SET cardholder_id = ? WHERE public_id = ?').run(saved.holder, cardId);
    raw
      .prepare('UPDATE cards SET acs_ref_key_id = ?, acs_ref_mac = ? WHERE public_id = ?')
      .run(saved.keyId, saved.mac, cardId);
    raw.close();

    const verified = await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: accomplice.dob,
      postcode: accomplice.postcode,
    });
    expect(verified).toMatchObject({ ok: false, error: { reason: 'verification.card-altered' } });
    const reset = await desk.core.router.call('w1', 'lockout.reset', {
      cardId,
      reason: 'cardholder-mistyped-code',
      note: 'Verified; code mistyped.',
    });
    expect(reset).toMatchObject({ ok: false });
    expect(issuer.clears()).toEqual({});
    expect(
      desk.query(
        "SELECT result FROM audit_log WHERE action = 'caller.verify' AND subject_id = ?",
        cardId,
      ),
    ).toEqual([{ result: 'refused' }]);
  });
});

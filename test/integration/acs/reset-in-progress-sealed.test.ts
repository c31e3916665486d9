/**
 * Whether a lock may be reset again is decided from sealed data: a reset still on its way
 * (failed, retrying) whose unsealed outbox row a writer without the keys marks 'refused' is
 * still in progress — no second reset of the same lock is recorded, and `audit verify` names
 * the forged end state.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_EPOCH, DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { runCli } from '../cli/cli-harness.ts';
import { setAcsByCli, setCardRef, useFakeAcs } from '../acs/acs-fixture.ts';

const { fake } = useFakeAcs();
const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const REF = 'ACS-L1-1';
const epoch = new Date(DEMO_EPOCH).getTime();

describe('a reset in progress, decided from sealed data', () => {
  for (const forge of [false, true]) {
    it(`no second reset of a lock whose first is still retrying (${forge ? 'outbox forged refused' : 'untouched'})`, async () => {
      let now = () => new Date(epoch);
      const acs = await fake({ now: () => now() });
      acs.card(REF, null);
      acs.lock(REF, { since: new Date(epoch - 60_000), until: null, cause: 'wrong_codes' });
      const desk = await demoCore({}, async ({ dbPath, keyFile }) => {
        await setAcsByCli(dbPath, keyFile, acs.url);
        setCardRef(dbPath, keyFile, cardId, REF);
      });
      now = () => desk.clock.now();
      await desk.signIn('agent');
      expect((await desk.openCard(cardId)).ok).toBe(true);
      await desk.core.router.call('w1', 'caller.verify', {
        cardId,
        dob: who.dob,
        postcode: who.postcode,
      });
      const reset = () =>
        desk.core.router.call('w1', 'lockout.reset', {
          cardId,
          reason: 'cardholder-mistyped-code',
          note: 'Verified; code mistyped.',
        });
      acs.fault({ kind: 'status', status: 503 }, 'apply');
      expect(await reset()).toMatchObject({ ok: true, value: { reset: { state: 'failed' } } });
      acs.fault(null, 'any');
      if (forge) {
        const raw = keylessWriter(desk.dbPath);
        raw.prepare("UPDATE reset_outbox SET state = 'refused'").run();
        raw.close();
      }
      const second = await reset();
      expect(second).toMatchObject({ ok: false, error: { reason: 'reset.reset-in-progress' } });
      expect(desk.query('SELECT attempt FROM resets ORDER BY id')).toEqual([{ attempt: 1 }]);
      if (forge) {
        const verify = await runCli([
          'audit',
          'verify',
          '--db',
          desk.dbPath,
          '--key-file',
          desk.keyFile,
        ]);
        // The forged end state is named (the relay would reopen it and send it again).
        expect(verify.stdout).toContain(
          'outbox row says refused, but neither the trail nor its sealed row says it ended',
        );
      }
    });
  }
});

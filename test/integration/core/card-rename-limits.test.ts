/**
 * The DOB/postcode miss limits are counted from the trail's caller.verify failure entries, which
 * name the card's public id. A card renamed in the file (without the keys) for a fresh set of
 * guesses fails its seal (migration 023 seals the public id): verification refuses it, and
 * `audit verify` names it.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { defaultPolicy } from '../../../main/core/policy/policy.ts';
import type { DeskCore } from '../../../main/core/desk-core.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { endOpenCall } from '../../helpers/end-open-call.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { runCli } from '../cli/cli-harness.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const locked = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = locked.cards[0]!.publicId;

const leave = (core: DeskCore) =>
  endOpenCall((channel, input) => core.router.call('w1', channel, input));

describe('a card renamed in the file', () => {
  it('after the per-cardholder limit, a renamed card gives no fresh guesses: it is altered, and audit verify names it', async () => {
    const desk = await demoCore();
    const { core } = desk;
    await desk.signIn('agent');
    const wrong = (id: string) =>
      core.router.call('w1', 'caller.verify', {
        cardId: id,
        dob: '1970-01-01',
        postcode: '1000001',
      });
    let misses = 0;
    let blocked = false;
    for (let call = 0; call < 4 && !blocked; call++) {
      await leave(core);
      expect((await desk.openCard(cardId)).ok).toBe(true);
      for (let i = 0; i < defaultPolicy.verificationMissesPerCall + 1; i++) {
        const result = await wrong(cardId);
        if (!result.ok) {
          expect(result.error).toMatchObject({ reason: 'verification.blocked' });
          blocked = misses >= defaultPolicy.verificationMissesPerCard;
          break;
        }
        misses++;
      }
    }
    expect(blocked).toBe(true);
    await leave(core);

    // Without the keys: the card gets a new public id.
    const renamed = 'c_renamed_1';
    const raw = keylessWriter(desk.dbPath);
    try {
      raw.prepare('UPDATE cards SET public_id = ? WHERE public_id = ?').run(renamed, cardId);
    } finally {
      raw.close();
    }
    expect((await desk.openCard(renamed)).ok).toBe(true);
    expect(await wrong(renamed)).toMatchObject({
      ok: false,
      error: { reason: 'verification.card-altered' },
    });
    expect(
      await core.router.call('w1', 'caller.verify', {
        cardId: renamed,
        dob: locked.dob,
        postcode: locked.postcode,
      }),
    ).toMatchObject({ ok: false, error: { reason: 'verification.card-altered' } });

    const verify = await runCli([
      'audit',
      'verify',
      '--db',
      desk.dbPath,
      '--key-file',
      desk.keyFile,
    ]);
    expect(verify.code).toBe(1);
    expect(verify.stdout + verify.stderr).toContain(renamed);
  });
});

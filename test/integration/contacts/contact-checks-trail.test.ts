/**
 * Contact checks are counted from the trail's contact.check entries, not from the unsealed
 * contact_checks table: deleting its rows in the file gives no fresh checks (which would be an
 * oracle on the registered mobile number or email).
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const locked = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = locked.cards[0]!.publicId;

describe('contact checks', () => {
  it('used up, they do not come back when contact_checks rows are deleted in the file', async () => {
    const desk = await demoCore();
    const { core } = desk;
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    expect(
      await core.router.call('w1', 'caller.verify', {
        cardId,
        dob: locked.dob,
        postcode: locked.postcode,
      }),
    ).toMatchObject({ ok: true, value: { status: 'verified' } });
    const check = (n: number) =>
      core.router.call('w1', 'contacts.check', {
        cardId,
        kind: 'mobile',
        value: `090-0000-${String(n).padStart(4, '0')}`,
      });
    let n = 0;
    for (; n < 50; n++) {
      const result = await check(n);
      if (!result.ok) {
        expect(result.error).toMatchObject({ reason: 'contacts.no-checks-left' });
        break;
      }
    }
    expect(n).toBeLessThan(50);
    const raw = keylessWriter(desk.dbPath);
    try {
      raw.exec('DELETE FROM contact_checks');
    } finally {
      raw.close();
    }
    expect(await check(n + 1)).toMatchObject({
      ok: false,
      error: { reason: 'contacts.no-checks-left' },
    });
  });
});

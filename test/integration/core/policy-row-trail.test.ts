/**
 * Policy rows are checked against the trail's last policy.set for each key, not only their MAC:
 * a tightened row deleted (the schema's looser default would apply) or put back from before
 * (genuine MAC) stops the console naming the key, as a forged row does, until an admin sets it
 * again; audit verify names it too.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { runCli } from '../cli/cli-harness.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const locked = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = locked.cards[0]!.publicId;

describe('a tightened policy row deleted or put back in the file', () => {
  it('control: with the row in place the second miss is refused', async () => {
    const desk = await demoCore();
    await desk.setPolicy('verificationMissesPerCall', 1);
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    const wrong = () =>
      desk.core.router.call('w1', 'caller.verify', {
        cardId,
        dob: '1970-01-01',
        postcode: '1000001',
      });
    expect(await wrong()).toMatchObject({ ok: true });
    expect(await wrong()).toMatchObject({ ok: false, error: { reason: 'verification.blocked' } });
  });

  it('one miss per call set by the admin; the row deleted: the console refuses to run on the default', async () => {
    const desk = await demoCore();
    await desk.setPolicy('verificationMissesPerCall', 1);
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    const raw = keylessWriter(desk.dbPath);
    raw.prepare("DELETE FROM policy WHERE key = 'verificationMissesPerCall'").run();
    raw.close();
    const wrong = () =>
      desk.core.router.call('w1', 'caller.verify', {
        cardId,
        dob: '1970-01-01',
        postcode: '1000001',
      });
    // The row gone, the trail's last change still says one miss: nothing runs on the default
    // (the call is refused, naming the key), not once.
    const refusal = /Policy value "verificationMissesPerCall" is not the one its last change/u;
    await expect(wrong()).rejects.toThrow(refusal);
    await expect(wrong()).rejects.toThrow(refusal);
    const verify = await runCli([
      'audit',
      'verify',
      '--db',
      desk.dbPath,
      '--key-file',
      desk.keyFile,
    ]);
    expect(verify.stdout).toMatch(/policy value verificationMissesPerCall is gone/u);
    // An admin setting it again repairs it.
    await desk.setPolicy('verificationMissesPerCall', 1);
    expect(await wrong()).toMatchObject({ ok: true });
  });

  it('a tightened row put back from before (genuine MAC) is refused the same way', async () => {
    const desk = await demoCore();
    await desk.setPolicy('verificationMissesPerCall', 2);
    const read = keylessWriter(desk.dbPath);
    const before = read
      .prepare("SELECT * FROM policy WHERE key = 'verificationMissesPerCall'")
      .get() as Record<string, unknown>;
    read.close();
    await desk.setPolicy('verificationMissesPerCall', 1);
    await desk.signIn('agent');
    const back = keylessWriter(desk.dbPath);
    back
      .prepare(
        "UPDATE policy SET value = @value, updated_at = @updated_at WHERE key = 'verificationMissesPerCall'",
      )
      .run(before);
    // The stand-in MAC the trigger wrote, replaced by the genuine one of the older row.
    back
      .prepare(
        "UPDATE policy SET mac_key_id = @mac_key_id, row_mac = @row_mac WHERE key = 'verificationMissesPerCall'",
      )
      .run(before);
    back.close();
    await expect(desk.core.router.call('w1', 'calls.current', {})).rejects.toThrow(
      /Policy value "verificationMissesPerCall" is not the one its last change/u,
    );
  });
});

/**
 * Policy rows are checked against the trail's last policy.set for each key, not only their MAC:
 * a tightened row deleted (the schema's looser default would apply) or put back from before
 * (genuine MAC) stops the console naming the key, as a forged row does, until an admin sets it
 * again; audit verify names it too. Through the router the refusal is a typed one
 * (`policy.altered`, which the screen translates), and the leads are alerted once
 * (`alert.altered-row`, table policy), not at every refused call.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
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
    const refusal = {
      ok: false,
      error: {
        code: 'forbidden',
        reason: 'policy.altered',
        message: expect.stringMatching(
          /Policy value "verificationMissesPerCall" is not the one its last change/u,
        ) as unknown,
      },
    };
    expect(await wrong()).toEqual(refusal);
    expect(await wrong()).toEqual(refusal);
    // The leads are alerted once, with its audit entry, however many calls are refused.
    expect(desk.query("SELECT kind, scope, subject_id FROM alerts WHERE scope = 'policy'")).toEqual(
      [{ kind: 'altered-row', scope: 'policy', subject_id: 'verificationMissesPerCall' }],
    );
    expect(
      (
        desk.query(
          "SELECT subject_type, subject_id, details FROM audit_log WHERE action = 'alert.altered-row'",
        ) as { subject_type: string; subject_id: string; details: string }[]
      ).map((entry) => ({ ...entry, details: JSON.parse(entry.details) as unknown })),
    ).toEqual([
      {
        subject_type: 'policy',
        subject_id: 'verificationMissesPerCall',
        details: { table: 'policy', key: 'verificationMissesPerCall', problem: 'not-as-set' },
      },
    ]);
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
    expect(await desk.core.router.call('w1', 'calls.current', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden', reason: 'policy.altered' },
    });
    expect(desk.query("SELECT kind, subject_id FROM alerts WHERE scope = 'policy'")).toEqual([
      { kind: 'altered-row', subject_id: 'verificationMissesPerCall' },
    ]);
  });

  /** The row as it is now (its genuine MAC with it), to be put back later. */
  const saveRow = (dbPath: string, key: string) => {
    const read = keylessWriter(dbPath);
    const row = read.prepare('SELECT * FROM policy WHERE key = ?').get(key) as Record<
      string,
      unknown
    >;
    read.close();
    return row;
  };
  const putBack = (dbPath: string, row: Record<string, unknown>) => {
    const back = keylessWriter(dbPath);
    back
      .prepare('UPDATE policy SET value = @value, updated_at = @updated_at WHERE key = @key')
      .run(row);
    back
      .prepare('UPDATE policy SET mac_key_id = @mac_key_id, row_mac = @row_mac WHERE key = @key')
      .run(row);
    back.close();
  };

  it('the newest change’s entry renamed (or its result flipped) and the older row put back: refused, the key store says', async () => {
    for (const edit of ["action = 'policy.sat'", "result = 'failure'"]) {
      const desk = await demoCore();
      await desk.setPolicy('resetEscalationHours', 1);
      const older = saveRow(desk.dbPath, 'resetEscalationHours');
      await desk.setPolicy('resetEscalationHours', 24);
      const raw = keylessWriter(desk.dbPath);
      editEntry(
        raw,
        `UPDATE audit_log SET ${edit} WHERE seq = (SELECT max(seq) FROM audit_log WHERE action = 'policy.set')`,
      );
      raw.close();
      putBack(desk.dbPath, older);
      // Nothing runs on the older value: not even a sign-in.
      await expect(desk.signIn('agent'), edit).rejects.toThrow(
        /Policy value "resetEscalationHours" is not the one its last change/u,
      );
    }
  });

  it('another key set by an admin does not take in a row put back for this one', async () => {
    const desk = await demoCore();
    await desk.setPolicy('verificationMissesPerCall', 2);
    const older = saveRow(desk.dbPath, 'verificationMissesPerCall');
    await desk.setPolicy('verificationMissesPerCall', 1);
    putBack(desk.dbPath, older);
    await desk.setPolicy('idleLockMinutes', 10);
    await expect(desk.signIn('agent')).rejects.toThrow(
      /Policy value "verificationMissesPerCall" is not the one its last change/u,
    );
    // Set again by the admin, it is repaired.
    await desk.setPolicy('verificationMissesPerCall', 1);
    await desk.signIn('agent');
    expect(await desk.core.router.call('w1', 'calls.current', {})).toMatchObject({ ok: true });
  });
});

/**
 * The lead's alert tray is derived from the trail: the entries whose action raises an alert,
 * selected by action and seq. An alert's entry renamed in the file would drop out of that
 * selection without its MAC being checked, and its alert would leave the tray until the entry
 * was put back (before the trail watch's next full pass, leaving no trace). The tray looks for
 * every raising entry it read before: one gone is an altered entry, reported at once (the
 * lead's altered-row alert naming it, the trail marked broken).
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import type { ChannelOutput } from '../../../shared/contract/index.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const WATCH = { trailWatchMs: 3_600_000 };

describe("a verification-limit alert's entry renamed in the file", () => {
  it('the lead is told the entry was altered, and it stays told after the entry is put back', async () => {
    const desk = await demoCore(WATCH);
    await desk.signIn('agent', 'w1');
    await desk.signIn('lead', 'lead');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    for (let miss = 0; miss < 3; miss++)
      await desk.core.router.call('w1', 'caller.verify', {
        cardId,
        dob: `1960-02-0${miss + 1}`,
        postcode: '1000001',
      });
    const tray = async () => {
      const listed = await desk.core.router.call('lead', 'alerts.list', {});
      if (!listed.ok) throw new Error(listed.error.reason);
      return (listed.value as ChannelOutput<'alerts.list'>).open;
    };
    const ofCard = async () => (await tray()).filter((alert) => alert.subjectId === cardId);
    expect(await ofCard()).toMatchObject([{ kind: 'verification-limit-call', state: 'open' }]);
    const [{ seq }] = desk.query<{ seq: number }>(
      "SELECT seq FROM audit_log WHERE action = 'alert.verification-limit' AND subject_id = ?",
      cardId,
    ) as [{ seq: number }];
    // The watch's full pass holds; the entry then renamed.
    desk.clock.advance(6 * 60_000);
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: true });
    const raw = keylessWriter(desk.dbPath);
    editEntry(raw, `UPDATE audit_log SET action = 'alert.verification-limiX' WHERE seq = ${seq}`);
    raw.close();

    // The tray reports the entry gone from its selection as altered: the lead's altered-row
    // alert, naming the entry.
    const altered = (await tray()).filter((alert) => alert.kind === 'altered-row');
    expect(altered).toMatchObject([{ scope: 'audit_log', state: 'open' }]);
    const reports = desk.query<{ details: string }>(
      "SELECT details FROM audit_log WHERE action = 'alert.altered-row'",
    );
    expect(reports.map((r) => JSON.parse(r.details) as { seq?: number })).toContainEqual(
      expect.objectContaining({ table: 'audit_log', seq }),
    );

    // Put back: the alert is in the tray again, and the altered-row alert stays open.
    const back = keylessWriter(desk.dbPath);
    editEntry(back, `UPDATE audit_log SET action = 'alert.verification-limit' WHERE seq = ${seq}`);
    back.close();
    expect(await ofCard()).toMatchObject([{ kind: 'verification-limit-call', state: 'open' }]);
    expect((await tray()).filter((alert) => alert.kind === 'altered-row')).toHaveLength(1);
    // Read again, nothing new is reported.
    expect(desk.query("SELECT seq FROM audit_log WHERE action = 'alert.altered-row'")).toHaveLength(
      reports.length,
    );
  });
});

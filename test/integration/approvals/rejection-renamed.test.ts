/**
 * A lead rejected an escalated reset. A writer with the file but no key puts the request's
 * row back to the sealed version it had while pending (its MAC still verifies) and takes the
 * rejection out of the trail's reading by a column it was selected by: its action renamed, its
 * subject moved to another request, or the entry deleted. The request must still read as
 * decided: not in the queue, not approvable, no reset. The request's entries are read whatever
 * their action, and one that fails its MAC reads as ended; an entry the console counted and no
 * longer finds is altered (counted-entries.ts). Either way the trail is marked broken and the
 * lead alerted.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../main/core/clock.ts';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { createDeskCore } from '../../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../../main/core/desk-core-options.ts';
import { TEST_PASSWORD_COST, useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';

// No trail watch runs: the console's own reads must notice (the watch's next full pass would).
const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'reset-yesterday');
const cardId = who.cards[0]!.publicId;

type Desk = Awaited<ReturnType<typeof demoCore>>;

interface ApprovalRow {
  id: number;
  public_id: string;
  state: string;
  decided_by: number | null;
  decided_at: string | null;
  decision_note: string | null;
  mac_key_id: string;
  row_mac: Buffer;
}

const trailBroken = (keyFile: string) =>
  (JSON.parse(readFileSync(keyFile, 'utf8')) as { trailBroken?: { seq: number } }).trailBroken;

/** The agent asks, a lead rejects; the row is put back pending and `edit` run on the rejection. */
async function rejectedThenHidden(desk: Desk, edit: (seq: number) => string) {
  await desk.signIn('agent', 'w1');
  expect((await desk.openCard(cardId, 'w1')).ok).toBe(true);
  await desk.core.router.call('w1', 'caller.verify', {
    cardId,
    dob: who.dob,
    postcode: who.postcode,
  });
  const asked = await desk.core.router.call('w1', 'lockout.reset', {
    cardId,
    reason: 'cardholder-mistyped-code',
    note: 'Verified; code mistyped again.',
  });
  expect(asked).toMatchObject({ ok: true, value: { approval: { state: 'pending' } } });
  const pendingRow = desk.query<ApprovalRow>('SELECT * FROM approval_requests')[0]!;

  await desk.signIn('lead', 'w2');
  const rejected = await desk.core.router.call('w2', 'approvals.decide', {
    approvalId: pendingRow.public_id,
    decision: 'reject',
    note: 'Second reset in a day: transfer to fraud.',
  });
  expect(rejected).toMatchObject({ ok: true, value: { approval: { state: 'rejected' } } });
  // The lead goes back to the queue (so the rejection is not the console's newest entry:
  // cutting that one is found by the trail's own check, audit-trail.ts).
  expect(await desk.core.router.call('w2', 'approvals.list', {})).toMatchObject({ ok: true });
  const [rejection] = desk.query<{ seq: number }>(
    "SELECT seq FROM audit_log WHERE action = 'approval.decide' AND result = 'success' AND subject_id = ?",
    pendingRow.public_id,
  );

  const raw = keylessWriter(desk.dbPath);
  try {
    raw
      .prepare(
        `UPDATE approval_requests SET state = ?, decided_by = ?, decided_at = ?,
           decision_note = ?, mac_key_id = ?, row_mac = ? WHERE id = ?`,
      )
      .run(
        pendingRow.state,
        pendingRow.decided_by,
        pendingRow.decided_at,
        pendingRow.decision_note,
        pendingRow.mac_key_id,
        pendingRow.row_mac,
        pendingRow.id,
      );
    editEntry(raw, edit(rejection!.seq));
  } finally {
    raw.close();
  }
  return { approvalId: pendingRow.public_id, seq: rejection!.seq };
}

const renamed = (seq: number) =>
  `UPDATE audit_log SET action = 'approval.queue' WHERE seq = ${seq}`;

describe('a rejection taken out of the trail by a column, its request put back pending', () => {
  it.each([
    ['its action renamed', renamed],
    [
      'its subject moved to another request',
      (seq: number) => `UPDATE audit_log SET subject_id = 'apr_elsewhere' WHERE seq = ${seq}`,
    ],
    ['deleted', (seq: number) => `DELETE FROM audit_log WHERE seq = ${seq}`],
  ])(
    '%s: still decided, nothing reset, the trail marked, the lead alerted',
    async (_what, edit) => {
      const desk = await demoCore();
      const { approvalId, seq } = await rejectedThenHidden(desk, edit);

      expect(await desk.core.router.call('w2', 'approvals.list', {})).toMatchObject({
        ok: true,
        value: { requests: [] },
      });
      const approved = await desk.core.router.call('w2', 'approvals.decide', {
        approvalId,
        decision: 'approve',
        note: 'Approved.',
      });
      expect(approved).toMatchObject({ ok: false });
      expect(desk.query('SELECT count(*) AS n FROM resets')).toEqual([{ n: 0 }]);
      expect(trailBroken(desk.keyFile)).toMatchObject({ seq });
      expect(
        desk.query(
          `SELECT count(*) AS n FROM audit_log WHERE action = 'alert.altered-row'
           AND json_extract(details, '$.table') = 'audit_log' AND json_extract(details, '$.seq') = ?`,
          seq,
        ),
      ).toEqual([{ n: 1 }]);
      // The agent's window: the lock is not reset either.
      expect(
        await desk.core.router.call('w1', 'lockout.reset', {
          cardId,
          reason: 'cardholder-mistyped-code',
          note: 'Verified; code mistyped again.',
        }),
      ).toMatchObject({ ok: false });
      expect(desk.query('SELECT count(*) AS n FROM resets')).toEqual([{ n: 0 }]);
    },
  );

  it('renamed: a lead on another console on the file cannot approve it either', async () => {
    const desk = await demoCore();
    const { approvalId } = await rejectedThenHidden(desk, renamed);
    const core = createDeskCore(
      deskCoreOptions({
        dbPath: desk.dbPath,
        keyFile: desk.keyFile,
        clock: manualClock(desk.clock.now()),
        origin: 'console@test2',
        logInternal: () => undefined,
        passwordCost: TEST_PASSWORD_COST,
      }),
    );
    try {
      const lead = demoOperator('lead');
      expect(
        (
          await core.router.call('l2', 'session.signIn', {
            username: lead.username,
            password: lead.password,
          })
        ).ok,
      ).toBe(true);
      expect(await core.router.call('l2', 'approvals.list', {})).toMatchObject({
        ok: true,
        value: { requests: [] },
      });
      expect(
        await core.router.call('l2', 'approvals.decide', {
          approvalId,
          decision: 'approve',
          note: 'Approved.',
        }),
      ).toMatchObject({ ok: false });
    } finally {
      core.close();
    }
    expect(desk.query('SELECT count(*) AS n FROM resets')).toEqual([{ n: 0 }]);
  });
});

/**
 * A lead's decision stands whatever the file says later: an approval request put back to the
 * sealed version it had while pending (its MAC still verifies) by someone with the file but
 * no key is not in the queue again, cannot be approved or cancelled (the trail's decision entry
 * says it was decided; a lead is alerted), and `audit verify` names the row.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { runCli } from '../cli/cli-harness.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'reset-yesterday');
const cardId = who.cards[0]!.publicId;

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

describe('a decided approval request written back as pending', () => {
  it('stays decided: not in the queue, not approvable nor cancellable, alerted, named by audit verify', async () => {
    const desk = await demoCore();
    const pendingRow = await decidedThenPutBack(desk);
    await stillDecided(desk, pendingRow);
  });

  it('stays decided when the decision entry is edited too (a failing entry reads as ended)', async () => {
    const desk = await demoCore();
    const pendingRow = await decidedThenPutBack(desk);
    const raw = keylessWriter(desk.dbPath);
    editEntry(
      raw,
      `UPDATE audit_log SET origin = origin || ' ' WHERE action = 'approval.decide' AND subject_id = '${pendingRow.public_id}'`,
    );
    raw.close();
    const approved = await desk.core.router.call('w2', 'approvals.decide', {
      approvalId: pendingRow.public_id,
      decision: 'approve',
      note: 'Approved.',
    });
    expect(approved).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(desk.query('SELECT count(*) AS n FROM resets')).toEqual([{ n: 0 }]);
  });
});

async function stillDecided(desk: Awaited<ReturnType<typeof demoCore>>, pendingRow: ApprovalRow) {
  {
    const queue = await desk.core.router.call('w2', 'approvals.list', {});
    expect(queue).toMatchObject({ ok: true, value: { requests: [] } });
    const approved = await desk.core.router.call('w2', 'approvals.decide', {
      approvalId: pendingRow.public_id,
      decision: 'approve',
      note: 'Approved.',
    });
    expect(approved).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const cancelled = await desk.core.router.call('w1', 'approvals.cancel', {
      approvalId: pendingRow.public_id,
      note: 'No longer needed.',
    });
    expect(cancelled).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(desk.query('SELECT count(*) AS n FROM resets')).toEqual([{ n: 0 }]);
    // The lead's attempt and the agent's each raised it (an alert is counted per operator).
    expect(
      desk.query("SELECT DISTINCT kind, scope FROM alerts WHERE kind = 'altered-row'"),
    ).toEqual([{ kind: 'altered-row', scope: 'approval_requests' }]);

    const verify = await runCli([
      'audit',
      'verify',
      '--db',
      desk.dbPath,
      '--key-file',
      desk.keyFile,
    ]);
    expect(verify.stdout).toContain(
      `approval request ${pendingRow.public_id} is pending, but the trail says it was rejected`,
    );
  }
}

async function decidedThenPutBack(desk: Awaited<ReturnType<typeof demoCore>>) {
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

  const raw = keylessWriter(desk.dbPath);
  raw
    .prepare(
      `UPDATE approval_requests SET state = ?, decided_by = ?, decided_at = ?, decision_note = ?,
                mac_key_id = ?, row_mac = ? WHERE id = ?`,
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
  raw.close();
  return pendingRow;
}

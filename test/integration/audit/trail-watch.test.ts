/**
 * The trail watch (audit/trail-watch.ts) keeps the whole audit chain verified. Someone who
 * writes the database file without the keys hides the newest entry a decision rests on (drops
 * the triggers, flips its result, puts them back byte for byte): the decision reads the entry
 * before it and allows what it refused. The next full pass finds the entry failing; the key
 * store records the break, the lead is alerted, and every reset is refused (`trail-broken`)
 * until a full pass holds again — after a recorded restore.
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { trailBrokenCheck } from '../../../main/core/audit/trail-gate.ts';
import { manualClock } from '../../../main/core/clock.ts';
import { DEMO_EPOCH } from '../../../main/core/demo/build-demo.ts';
import { createDeskCore } from '../../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../../main/core/desk-core-options.ts';
import { openKeyFile } from '../../../main/core/keys/key-file.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { copyDemoDatabase } from '../../helpers/demo-template.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { TEST_PASSWORD_COST } from '../../helpers/test-password-cost.ts';
import { editEntry, hideNewestEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { expectAgentOutAndResetsRefused } from '../../helpers/trail-broken-desk.ts';
import { runCli } from '../cli/cli-harness.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const tempDir = useTempDir('verify-desk-trail-watch-');
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const MINUTE = 60_000;
/** The watch's own timer never fires in a test: each look is the test's. */
const WATCH = { trailWatchMs: 3_600_000 };

type Desk = Awaited<ReturnType<typeof demoCore>>;

const trailBroken = (keyFile: string) =>
  (JSON.parse(readFileSync(keyFile, 'utf8')) as { trailBroken?: { seq: number } }).trailBroken;

/** The next scheduled full pass (the clock moved past the schedule), as the watch runs it. */
async function nextPass(desk: Desk) {
  desk.clock.advance(6 * MINUTE);
  return desk.core.trailWatch!.look();
}

async function expectResetsRefused(desk: Desk) {
  await expectAgentOutAndResetsRefused(desk, cardId);
  expect(desk.query('SELECT count(*) AS n FROM resets')).toEqual([{ n: 0 }]);
}

const verify = (desk: Desk, dob = who.dob, postcode = who.postcode) =>
  desk.core.router.call('w1', 'caller.verify', { cardId, dob, postcode });

describe('the trail watch', () => {
  it('the newest fraud-reason-seen entry hidden and the flagged attempt deleted: the next pass finds it, the lead is alerted, resets are refused', async () => {
    const desk = await demoCore(WATCH, ({ dbPath }) => {
      const db = new Database(dbPath);
      db.prepare(
        `UPDATE auth_attempts SET trans_status_reason = '11'
         WHERE id = (SELECT a.id FROM auth_attempts a JOIN cards c ON c.id = a.card_id
                     WHERE c.public_id = ? ORDER BY a.at DESC LIMIT 1)`,
      ).run(cardId);
      db.close();
    });
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: true });
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    await verify(desk);
    expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
      value: { allowed: false, refusal: 'fraud' },
    });
    // New entries, checked as they come: they hold.
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: false });

    const raw = keylessWriter(desk.dbPath);
    raw.prepare("DELETE FROM auth_attempts WHERE trans_status_reason = '11'").run();
    raw.close();
    const hidden = hideNewestEntry(desk.dbPath, 'lockout.fraud-reason-seen');
    // The decision already counts the entry whose MAC fails as fraud seen, and marks the trail
    // broken at it (fraud-at-send.ts), before the watch's next pass.
    expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
      value: { allowed: false, refusal: 'trail-broken' },
    });
    expect(trailBroken(desk.keyFile)).toMatchObject({ seq: hidden });

    expect(await nextPass(desk)).toMatchObject({
      outcome: 'broken',
      broken: { seq: hidden },
      full: true,
    });
    expect(trailBroken(desk.keyFile)).toMatchObject({ seq: hidden });
    await expectResetsRefused(desk);
    expect(desk.query("SELECT kind, scope FROM alerts WHERE scope = 'audit_log'")).toEqual([
      { kind: 'altered-row', scope: 'audit_log' },
    ]);
    // Said once: the next pass finds the same break and alerts no more.
    await nextPass(desk);
    expect(
      desk.query<{ d: string }>(
        "SELECT json_extract(details, '$.seq') AS d FROM audit_log WHERE action = 'alert.altered-row'",
      ),
    ).toEqual([{ d: hidden }]);
  });

  it('a miss hidden gives a blocked caller another guess, but the next pass stops every reset', async () => {
    const desk = await demoCore(WATCH);
    await desk.core.trailWatch!.look();
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    let last = await verify(desk, '1900-01-01', '0000000');
    for (
      let i = 0;
      i < 10 && last.ok && (last.value as { status: string }).status !== 'blocked';
      i++
    )
      last = await verify(desk, '1900-01-01', '0000000');
    expect(last).toMatchObject({ ok: true, value: { status: 'blocked' } });

    const raw = keylessWriter(desk.dbPath);
    const { seq } = raw
      .prepare(
        "SELECT max(seq) AS seq FROM audit_log WHERE action = 'caller.verify' AND result = 'failure'",
      )
      .get() as { seq: number };
    editEntry(raw, `UPDATE audit_log SET result = 'refused' WHERE seq = ${seq}`);
    raw.close();
    // The edited miss fails its MAC when it is counted: the right pair is refused.
    expect(await verify(desk)).not.toMatchObject({ ok: true, value: { status: 'verified' } });

    expect(await nextPass(desk)).toMatchObject({ outcome: 'broken', broken: { seq } });
    await expectResetsRefused(desk);
  });

  it('a pending approval is not approved while the trail is broken', async () => {
    const again = demoScenarioPerson(DEMO_SEED, 'reset-yesterday');
    const againCard = again.cards[0]!.publicId;
    const desk = await demoCore(WATCH);
    await desk.core.trailWatch!.look();
    await desk.signIn('agent', 'w1');
    expect((await desk.openCard(againCard, 'w1')).ok).toBe(true);
    await desk.core.router.call('w1', 'caller.verify', {
      cardId: againCard,
      dob: again.dob,
      postcode: again.postcode,
    });
    const asked = await desk.core.router.call('w1', 'lockout.reset', {
      cardId: againCard,
      reason: 'cardholder-mistyped-code',
      note: 'Verified; code mistyped again.',
    });
    expect(asked).toMatchObject({ ok: true, value: { approval: { state: 'pending' } } });
    const [request] = desk.query<{ public_id: string }>('SELECT public_id FROM approval_requests');
    const hidden = hideNewestEntry(desk.dbPath, 'card.open');
    expect(await nextPass(desk)).toMatchObject({ outcome: 'broken', broken: { seq: hidden } });

    await desk.signIn('lead', 'w2');
    const approved = await desk.core.router.call('w2', 'approvals.decide', {
      approvalId: request!.public_id,
      decision: 'approve',
      note: 'Approved.',
    });
    expect(approved).toMatchObject({ ok: false, error: { reason: 'reset.trail-broken' } });
    expect(desk.query('SELECT state FROM approval_requests')).toEqual([{ state: 'pending' }]);
    expect(desk.query('SELECT count(*) AS n FROM resets')).toEqual([{ n: 0 }]);
  });

  it('the mark survives a writer without the keys undoing every trace in the file, and a restart; a recorded restore clears it at the next pass', async () => {
    const dir = tempDir();
    const paths = { dbPath: join(dir, 'desk.db'), keyFile: join(dir, 'desk.key') };
    await copyDemoDatabase({ ...paths, cardholders: 12, passwordCost: TEST_PASSWORD_COST });
    const db = ['--db', paths.dbPath, '--key-file', paths.keyFile];
    const backup = join(dir, 'backup.db');
    const clock = manualClock(DEMO_EPOCH);
    const open = () =>
      createDeskCore(
        deskCoreOptions({
          ...paths,
          clock,
          origin: 'console@test',
          logInternal: () => undefined,
          passwordCost: TEST_PASSWORD_COST,
          ...WATCH,
        }),
      );
    const gate = trailBrokenCheck(openKeyFile(paths.keyFile));

    let core = open();
    expect(await core.trailWatch!.look()).toMatchObject({ outcome: 'holds' });
    expect((await runCli(['backup', ...db, '--to', backup])).code).toBe(0);
    const hidden = hideNewestEntry(paths.dbPath, 'database.backup');
    clock.advance(6 * MINUTE);
    expect(await core.trailWatch!.look()).toMatchObject({
      outcome: 'broken',
      broken: { seq: hidden },
    });
    expect(gate()).toBe(true);

    // Everything the file holds about it, undone: the alert, its entry, the lease.
    const raw = keylessWriter(paths.dbPath);
    raw.exec('DELETE FROM alerts; DELETE FROM leases;');
    editEntry(raw, "DELETE FROM audit_log WHERE action = 'alert.altered-row'");
    raw.close();
    expect(gate()).toBe(true);
    core.close();

    // A console started again: its first pass still finds the break; still refused.
    core = open();
    expect(await core.trailWatch!.look()).toMatchObject({ outcome: 'broken' });
    expect(gate()).toBe(true);
    core.close();
    const verified = await runCli(['audit', 'verify', ...db]);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain(`The trail watch found the trail broken at entry ${hidden}`);

    // The administrator restores the backup (recorded): the next pass holds, and clears it.
    expect((await runCli(['restore', ...db, '--from', backup])).code).toBe(0);
    // The backup holds the lease as the first console held it then: it runs out.
    clock.advance(4 * 60 * MINUTE);
    core = open();
    try {
      expect(await core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: true });
      expect(gate()).toBe(false);
      expect(trailBroken(paths.keyFile)).toBeUndefined();
    } finally {
      core.close();
    }
    const check = new Database(paths.dbPath, { readonly: true });
    const cleared = check
      .prepare(
        "SELECT json_extract(details, '$.cleared.seq') AS seq FROM audit_log WHERE action = 'audit.verify'",
      )
      .all();
    check.close();
    expect(cleared).toEqual([{ seq: hidden }]);
  });
});

/**
 * A full pass of the trail watch that cannot vouch for the trail is a broken trail, never a
 * logged hiccup. Someone who writes the files without the keys hides the misses that blocked
 * a caller and replaces the anchor file's first line (which the console never rereads) with
 * garbage: the verifier answers 'forged-checkpoint' at that line (not an exception), the watch
 * marks the trail broken and alerts the lead once, and `desk-admin audit verify` exits 1.
 * A pass whose verification cannot run at all is marked "verification could not run", alerted
 * once, and tried again on a backoff, not at every look.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { expectAgentOutAndResetsRefused } from '../../helpers/trail-broken-desk.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { runCli } from '../cli/cli-harness.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const tempDir = useTempDir('verify-desk-trail-throws-');
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const WATCH = { trailWatchMs: 3_600_000 };
const DAY = 24 * 3_600_000;

type Desk = Awaited<ReturnType<typeof demoCore>>;

const trailBroken = (keyFile: string) =>
  (
    JSON.parse(readFileSync(keyFile, 'utf8')) as {
      trailBroken?: { seq: number; problem: string };
    }
  ).trailBroken;

const alerts = (desk: Desk) =>
  desk.query("SELECT count(*) AS n FROM audit_log WHERE action = 'alert.altered-row'");

describe('a full pass of the trail watch that cannot vouch for the trail', () => {
  it('garbage as the first anchor line: a forged checkpoint at that line, the trail marked broken, the lead alerted once, audit verify exits 1', async () => {
    const desk = await demoCore(WATCH);
    for (let i = 0; i < 30; i++) await desk.signIn('agent');
    expect(await desk.core.trailWatch!.fullPass()).toMatchObject({ outcome: 'holds', full: true });
    expect((await desk.openCard(cardId)).ok).toBe(true);
    let last = await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: '1900-01-01',
      postcode: '0000000',
    });
    for (
      let i = 0;
      i < 10 && last.ok && (last.value as { status: string }).status !== 'blocked';
      i++
    )
      last = await desk.core.router.call('w1', 'caller.verify', {
        cardId,
        dob: '1900-01-01',
        postcode: '0000000',
      });
    expect(last).toMatchObject({ ok: true, value: { status: 'blocked' } });

    // Without the keys: the misses hidden, and the anchor file's first line spoiled.
    const misses = desk
      .query<{ seq: number }>(
        "SELECT seq FROM audit_log WHERE action = 'caller.verify' AND result = 'failure'",
      )
      .map((row) => row.seq);
    const raw = keylessWriter(desk.dbPath);
    editEntry(
      raw,
      "UPDATE audit_log SET result = 'refused' WHERE action = 'caller.verify' AND result = 'failure'",
    );
    raw.close();
    const anchors = `${desk.dbPath}.anchors`;
    const lines = readFileSync(anchors, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    writeFileSync(anchors, `${['garbage', ...lines.slice(1)].join('\n')}\n`);

    expect(await desk.core.trailWatch!.fullPass()).toMatchObject({
      outcome: 'broken',
      broken: { seq: 1 },
      full: true,
    });
    expect(trailBroken(desk.keyFile)).toMatchObject({
      seq: 1,
      problem: expect.stringMatching(/^forged-checkpoint: checkpoint line 1 is not a checkpoint/u),
    });
    await expectAgentOutAndResetsRefused(desk, cardId);
    for (let day = 0; day < 3; day++) {
      desk.clock.advance(DAY);
      expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'broken' });
    }
    // Said once: the watch's break, and the first edited miss, which the fraud check found
    // when the lead asked for the card's lock (fraud-at-send.ts).
    expect(alerts(desk)).toEqual([{ n: 2 }]);
    const [watchAlert, missAlert] = desk.query<{ seq: number }>(
      "SELECT json_extract(details, '$.seq') AS seq FROM audit_log WHERE action = 'alert.altered-row' ORDER BY 1",
    );
    expect(watchAlert).toEqual({ seq: 1 });
    expect(misses).toContain(missAlert!.seq);

    const verify = await runCli([
      'audit',
      'verify',
      '--db',
      desk.dbPath,
      '--key-file',
      desk.keyFile,
    ]);
    expect(verify.code).toBe(1);
    expect(`${verify.stdout}${verify.stderr}`).not.toMatch(/unexpected error/u);
  });

  it('a verification that cannot run: marked "verification could not run", alerted once, retried on a backoff', async () => {
    const dir = tempDir();
    const runs = join(dir, 'runs.txt');
    const worker = join(dir, 'failing-worker.mjs');
    // A verification worker that starts, leaves a trace, and fails before answering.
    writeFileSync(
      worker,
      `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(runs)}, 'run\\n');\nthrow new Error('the worker could not start');\n`,
    );
    appendFileSync(runs, '');
    const desk = await demoCore({ ...WATCH, auditWorkerUrl: pathToFileURL(worker) });
    const ran = () => readFileSync(runs, 'utf8').split('\n').filter(Boolean).length;

    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'broken', full: true });
    expect(trailBroken(desk.keyFile)?.problem).toMatch(/^verification could not run: /u);
    expect(ran()).toBe(1);
    // The looks that follow within the backoff run nothing.
    for (let i = 0; i < 5; i++)
      expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'broken', full: false });
    expect(ran()).toBe(1);
    // Once the backoff is over, tried again; still broken, and not alerted again.
    desk.clock.advance(DAY);
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'broken', full: true });
    expect(ran()).toBe(2);
    expect(alerts(desk)).toEqual([{ n: 1 }]);
    expect(await desk.core.router.call('w1', 'session.current', {})).toMatchObject({ ok: true });
  });
});

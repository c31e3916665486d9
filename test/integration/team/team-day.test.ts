/**
 * The team's day, from a known day of work driven through the router: who took which calls,
 * verified or missed at which hour (Japan time), reset, escalated and how long the lead took,
 * and the alert the misses raised. team.day must give back exactly those numbers, per hour,
 * per agent and in total; another day is empty, and the week holds the day.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderSaveSink } from '../../../main/core/audit/save-sink.ts';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoPeople, demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import type { ChannelOutput, TeamFigures } from '../../../shared/contract/index.ts';
import { TEAM_FIGURES } from '../../../shared/team/team-codes.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { endOpenCall } from '../../helpers/end-open-call.ts';

const demoCore = useDemoCore();
const MINUTE = 60_000;
const JST = 9 * 60;
const none = Object.fromEntries(TEAM_FIGURES.map((f) => [f, 0])) as TeamFigures;
const figures = (some: Partial<TeamFigures>): TeamFigures => ({ ...none, ...some });

describe('the team’s day', () => {
  it('counts a known day per hour, per agent and in total', async () => {
    const desk = await demoCore();
    const { core, clock } = desk;
    await desk.signIn('agent', 'w1');
    await desk.signIn('lead', 'lead');
    const call = async (callerId: string, channel: string, input: unknown) => {
      const result = await core.router.call(callerId, channel, input);
      return result;
    };
    // Moves the clock in steps, both windows active meanwhile (no idle lock).
    const pass = async (minutes: number) => {
      for (let left = minutes; left > 0; left -= 5) {
        clock.advance(Math.min(5, left) * MINUTE);
        await call('w1', 'session.activity', {});
        await call('lead', 'session.activity', {});
      }
    };
    const verify = (
      callerId: string,
      who: { cards: { publicId: string }[] },
      dob: string,
      postcode: string,
    ) => call(callerId, 'caller.verify', { cardId: who.cards[0]!.publicId, dob, postcode });

    // 10:00 JST (the demo's "now"): a second reset within a day goes to the lead, who rejects
    // it six minutes later.
    const again = demoScenarioPerson(DEMO_SEED, 'reset-yesterday');
    await desk.openCard(again.cards[0]!.publicId);
    await verify('w1', again, again.dob, again.postcode);
    const asked = await call('w1', 'lockout.reset', {
      cardId: again.cards[0]!.publicId,
      reason: 'cardholder-mistyped-code',
      note: 'Locked again.',
    });
    const approvalId = (asked as { value: { approval: { approvalId: string } } }).value.approval
      .approvalId;
    await pass(6);
    await call('lead', 'approvals.decide', {
      approvalId,
      decision: 'reject',
      note: 'Too soon after yesterday.',
    });
    // 10:06: a locked card, verified and reset at once.
    await endOpenCall((channel, input) => call('w1', channel, input));
    const locked = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
    await desk.openCard(locked.cards[0]!.publicId);
    await verify('w1', locked, locked.dob, locked.postcode);
    expect(
      await call('w1', 'lockout.reset', {
        cardId: locked.cards[0]!.publicId,
        reason: 'cardholder-mistyped-code',
        note: 'Caller verified.',
      }),
    ).toMatchObject({ ok: true, value: { reset: { state: 'applied' } } });
    // 11:06: another caller misses three times (an alert), then is refused once more.
    await pass(60);
    await endOpenCall((channel, input) => call('w1', channel, input));
    const other = demoPeople(DEMO_SEED, 30).find((p) => p.scenario === 'ordinary')!;
    await desk.openCard(other.cards[0]!.publicId);
    for (let i = 0; i < 3; i++) await verify('w1', other, '1901-01-01', '999-9999');
    expect(await verify('w1', other, other.dob, other.postcode)).toMatchObject({ ok: false });
    // 11:10: a caller on a card held for fraud (opening it alerts the lead) is handed to the
    // fraud team.
    await pass(4);
    await endOpenCall((channel, input) => call('w1', channel, input));
    const fraud = demoScenarioPerson(DEMO_SEED, 'suspected-fraud');
    await desk.openCard(fraud.cards[0]!.publicId);
    expect(
      await call('w1', 'calls.fraudTransfer', {
        cardId: fraud.cards[0]!.publicId,
        caseRef: 'FR-204711',
      }),
    ).toMatchObject({ ok: true });
    // 11:20: the lead takes a call too.
    await pass(10);
    await desk.openCard(demoScenarioPerson(DEMO_SEED, 'code-expired').cards[0]!.publicId, 'lead');

    const day = async (date: string, span: 'day' | 'week') => {
      const result = await call('lead', 'team.day', { date, span, utcOffsetMinutes: JST });
      if (!result.ok) throw new Error(result.error.reason);
      return result.value as ChannelOutput<'team.day'>;
    };
    const today = await day('2026-11-20', 'day');
    expect(today.from).toBe('2026-11-19T15:00:00.000Z');
    expect(today.to).toBe('2026-11-20T15:00:00.000Z');
    expect(today.totals).toEqual(
      figures({
        calls: 5,
        verificationsPassed: 2,
        verificationsFailed: 3,
        verificationsBlocked: 1,
        resetsApplied: 1,
        escalations: 1,
        fraudTransfers: 1,
        alerts: 2,
      }),
    );
    expect(today.waits).toEqual({ decided: 1, averageMinutes: 6, longestMinutes: 6 });
    expect(today.hours).toHaveLength(24);
    expect(today.hours.filter((h) => h.hour !== 10 && h.hour !== 11).map((h) => h.figures)).toEqual(
      Array.from({ length: 22 }, () => none),
    );
    expect(today.hours[10]!.figures).toEqual(
      figures({ calls: 2, verificationsPassed: 2, resetsApplied: 1, escalations: 1 }),
    );
    expect(today.hours[11]!.figures).toEqual(
      figures({
        calls: 3,
        verificationsFailed: 3,
        verificationsBlocked: 1,
        fraudTransfers: 1,
        alerts: 2,
      }),
    );
    expect(today.agents.map((a) => [a.username, a.figures, a.waits])).toEqual([
      [
        'demo.agent',
        figures({
          calls: 4,
          verificationsPassed: 2,
          verificationsFailed: 3,
          verificationsBlocked: 1,
          resetsApplied: 1,
          escalations: 1,
          fraudTransfers: 1,
          // The fraud hold's alert is about the card, not raised against the agent.
          alerts: 1,
        }),
        { decided: 1, averageMinutes: 6, longestMinutes: 6 },
      ],
      [
        'demo.lead',
        figures({ calls: 1 }),
        { decided: 0, averageMinutes: null, longestMinutes: null },
      ],
    ]);

    // The next day is empty; the week from the day before holds the day.
    expect((await day('2026-11-21', 'day')).totals).toEqual(none);
    expect((await day('2026-11-19', 'week')).totals).toEqual(today.totals);
    // An agent has no team view; a date that does not exist is refused.
    expect(
      await call('w1', 'team.day', { date: '2026-11-20', span: 'day', utcOffsetMinutes: JST }),
    ).toMatchObject({ ok: false, error: { reason: 'access.role' } });
    expect(
      await call('lead', 'team.day', { date: '2026-02-30', span: 'day', utcOffsetMinutes: JST }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('the team’s day as CSV', () => {
  it('is written where the lead chooses, as the audit desk writes, and audited', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'team-export-'));
    try {
      const desk = await demoCore({ saveSink: folderSaveSink(dir) });
      await desk.signIn('agent', 'w1');
      await desk.signIn('lead', 'lead');
      const who = demoScenarioPerson(DEMO_SEED, 'code-expired');
      await desk.openCard(who.cards[0]!.publicId);
      const input = { date: '2026-11-20', span: 'day', utcOffsetMinutes: JST } as const;
      const saved = await desk.core.router.call('lead', 'team.export', input);
      expect(saved).toMatchObject({ ok: true, value: { saved: true, rows: 1 + 1 + 24 } });
      const bytes = readFileSync(join(dir, 'team-day-2026-11-20.csv'));
      const text = bytes.toString('utf8');
      expect(text.startsWith('\uFEFFrow,who,hour,calls,')).toBe(true);
      const lines = text.slice(1).split('\r\n');
      expect(lines[1]).toBe('total,,,1,0,0,0,0,0,0,0,0,0,,');
      expect(lines[2]).toBe('agent,demo.agent,,1,0,0,0,0,0,0,0,0,0,,');
      expect(lines[3 + 10]).toBe('hour,,10,1,0,0,0,0,0,0,0,0,0,,');
      const sha256 = (saved as { value: { sha256: string } }).value.sha256;
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
      expect(
        desk.query("SELECT username, result, details FROM audit_log WHERE action = 'team.export'"),
      ).toEqual([
        {
          username: 'demo.lead',
          result: 'success',
          details: JSON.stringify({
            date: '2026-11-20',
            rows: 26,
            sha256,
            span: 'day',
            utcOffsetMinutes: JST,
          }),
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Events across consoles: two OS processes, each a console on the same database file (as the
 * reset race test runs them). An agent's escalated reset in one is heard by the lead in the
 * other, and is in the lead's queue, within a second; the lead's rejection is heard back by
 * the agent's window; an alert raised by the agent's console is in the lead's tray; and with
 * both consoles running the leased watch, an approval left waiting raises exactly one alert.
 * The delivery latency is measured round after round and its p95 printed (docs/PERFORMANCE.md).
 */
import Database from 'better-sqlite3';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { copyDemoDatabase } from '../../helpers/demo-template.ts';
import { demoPeople, demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import type { Role } from '../../../shared/contract/index.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { TEST_PASSWORD_COST } from '../../helpers/test-password-cost.ts';
import type { ConsoleMessage, ConsoleReply } from './event-console.ts';

const tempDir = useTempDir();
const ROUNDS = 12;
const CONSOLE = fileURLToPath(new URL('./event-console.ts', import.meta.url));
const MINUTE = 60_000;

type Heard = Extract<ConsoleReply, { type: 'event' }>;
type Ok = { ok: true; value: Record<string, unknown> };

function startConsole(dbPath: string, keyFile: string, role: Role) {
  const child: ChildProcess = fork(CONSOLE, [dbPath, keyFile, role, '50'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const heard: Heard[] = [];
  const results = new Map<number, (reply: Extract<ConsoleReply, { type: 'result' }>) => void>();
  const hearers: (() => void)[] = [];
  let signedIn: () => void;
  const ready = new Promise<void>((resolve) => (signedIn = resolve));
  let next = 0;
  child.on('message', (reply: ConsoleReply) => {
    if (reply.type === 'signed-in') signedIn();
    else if (reply.type === 'result') results.get(reply.id)?.(reply);
    else {
      heard.push(reply);
      hearers.splice(0).forEach((wake) => wake());
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ready,
    heard,
    exited,
    send: (message: ConsoleMessage) => child.send(message),
    async call(channel: string, input: unknown): Promise<Ok['value']> {
      const id = ++next;
      const reply = await new Promise<Extract<ConsoleReply, { type: 'result' }>>((resolve) => {
        results.set(id, resolve);
        child.send({ type: 'call', id, channel, input } satisfies ConsoleMessage);
      });
      const result = reply.result as Ok | { ok: false; error: { reason: string } };
      if (!result.ok) throw new Error(`${channel}: ${result.error.reason}`);
      return result.value;
    },
    /** The first event matching, waiting for it at most `withinMs`. */
    async hear(match: (event: Heard) => boolean, withinMs = 5_000): Promise<Heard> {
      const until = Date.now() + withinMs;
      for (;;) {
        const found = heard.find(match);
        if (found) return found;
        const left = until - Date.now();
        if (left <= 0) throw new Error('event not heard in time');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          hearers.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}

const approvalEvent = (approvalId: string, state: string) => (event: Heard) =>
  event.event === 'approvals.changed' &&
  (event.payload as { approvalId: string }).approvalId === approvalId &&
  (event.payload as { state: string }).state === state;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

describe('events across console processes on one database', () => {
  it('approvals and alerts reach the other console within a second; a waiting approval alerts once', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'desk.db');
    const keyFile = join(dir, 'desk.key');
    await copyDemoDatabase({ dbPath, keyFile, cardholders: 30, passwordCost: TEST_PASSWORD_COST });
    const agent = startConsole(dbPath, keyFile, 'agent');
    const lead = startConsole(dbPath, keyFile, 'lead');
    await Promise.all([agent.ready, lead.ready]);

    // A card whose mobile changed recently: its reset goes to a lead (escalated).
    const who = demoScenarioPerson(DEMO_SEED, 'recent-mobile-change');
    const cardId = who.cards[0]!.publicId;
    await agent.call('cards.search', { key: 'customer-ref', customerRef: who.customerRef });
    await agent.call('cards.open', { cardId });
    await agent.call('caller.verify', { cardId, dob: who.dob, postcode: who.postcode });

    const latencies: number[] = [];
    let approvalId = '';
    for (let round = 0; round < ROUNDS; round++) {
      const status = await agent.call('lockout.reset', {
        cardId,
        reason: 'cardholder-mistyped-code',
        note: `Round ${round + 1}: the caller asks again.`,
      });
      approvalId = (status['approval'] as { approvalId: string }).approvalId;
      // The asking window hears it as it commits; the lead's console in the other process next.
      const sent = await agent.hear(approvalEvent(approvalId, 'pending'));
      const heard = await lead.hear(approvalEvent(approvalId, 'pending'));
      latencies.push(heard.at - sent.at);
      expect(heard.at - sent.at).toBeLessThan(1_000);
      const queue = await lead.call('approvals.list', {});
      expect(
        (queue['requests'] as { approval: { approvalId: string } }[]).map(
          (r) => r.approval.approvalId,
        ),
      ).toEqual([approvalId]);
      if (round === ROUNDS - 1) break; // the last one is left waiting
      await lead.call('approvals.decide', {
        approvalId,
        decision: 'reject',
        note: 'Rejected in the events test.',
      });
      const decided = await lead.hear(approvalEvent(approvalId, 'rejected'));
      const back = await agent.hear(approvalEvent(approvalId, 'rejected'));
      latencies.push(back.at - decided.at);
      expect(back.at - decided.at).toBeLessThan(1_000);
    }

    // An alert raised in the agent's console: verification misses at the limit of the call.
    const other = demoPeople(DEMO_SEED, 30).find((p) => p.scenario === 'ordinary')!;
    const otherCard = other.cards[0]!.publicId;
    // The agent ends the first call on purpose before taking the next (call.still-open).
    await agent.call('calls.endWithoutOutcome', {
      cardId,
      reason: 'caller-will-call-back',
      note: '',
    });
    await agent.call('cards.search', { key: 'customer-ref', customerRef: other.customerRef });
    await agent.call('cards.open', { cardId: otherCard });
    for (let miss = 0; miss < 3; miss++) {
      await agent.call('caller.verify', {
        cardId: otherCard,
        dob: '1901-01-01',
        postcode: '999-9999',
      });
    }
    const alerted = await lead.hear(
      (e) =>
        e.event === 'alerts.changed' &&
        (e.payload as { kind: string }).kind === 'verification-limit-call',
    );
    const tray = await lead.call('alerts.list', {});
    expect(tray['openCount']).toBe(1);
    expect(tray['open']).toEqual([
      expect.objectContaining({
        alertId: (alerted.payload as { alertId: string }).alertId,
        kind: 'verification-limit-call',
        operator: expect.objectContaining({ username: 'demo.agent' }),
        subjectType: 'card',
        subjectId: otherCard,
      }),
    ]);

    // The last request waits past the policy (10 minutes) in both consoles' clocks; both run
    // the watch every 50 ms, and it raises one alert, heard by the lead.
    for (const c of [agent, lead]) c.send({ type: 'advance', ms: 11 * MINUTE });
    await lead.hear(
      (e) =>
        e.event === 'alerts.changed' && (e.payload as { kind: string }).kind === 'approval-waiting',
    );
    await new Promise((resolve) => setTimeout(resolve, 600)); // a dozen more rounds of both watches
    const db = new Database(dbPath, { readonly: true });
    try {
      expect(
        db.prepare("SELECT subject_id FROM alerts WHERE kind = 'approval-waiting'").all(),
      ).toEqual([{ subject_id: approvalId }]);
      expect(
        db
          .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'alert.approval-waiting'")
          .get(),
      ).toEqual({ n: 1 });
    } finally {
      db.close();
    }

    for (const c of [agent, lead]) c.send({ type: 'stop' });
    await Promise.all([agent.exited, lead.exited]);
    console.log(
      `events across processes: ${latencies.length} deliveries, p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms, max ${Math.max(...latencies)} ms`,
    );
  }, 120_000);
});

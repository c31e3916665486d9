/**
 * Issue 16: the session registry reads the operator's standing at every look-up (disabled:
 * no session; demoted: the new role), remembers which cards a session was shown (and
 * forgets them with the session), and approvals.changed reaches only active, unlocked
 * sessions that may see it.
 */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { approvalEventsOn } from '../../../main/core/approvals/approval-events.ts';
import { manualClock } from '../../../main/core/clock.ts';
import { migrate } from '../../../main/core/db/migrate.ts';
import { createEventBus } from '../../../main/core/events/event-bus.ts';
import {
  createSessionRegistry,
  HANDED_OUT_CAP,
  type OperatorStanding,
} from '../../../main/core/session/session-registry.ts';
import type { Role } from '../../../shared/contract/index.ts';

const NOW = '2026-11-25T00:00:00.000Z';
const MINUTE = 60_000;

function setup() {
  const clock = manualClock(NOW);
  const standings = new Map<number, OperatorStanding | null>();
  const sessions = createSessionRegistry({
    idleLockMinutes: () => 15,
    onIdleLock: () => undefined,
    standing: (id) => (standings.has(id) ? standings.get(id)! : { role: 'agent' }),
  });
  const start = (callerId: string, operatorId: number, role: Role) => {
    standings.set(operatorId, { role });
    sessions.start(callerId, {
      operatorId,
      username: `op${operatorId}`,
      displayName: `Op ${operatorId}`,
      role,
      signedInAt: clock.now(),
    });
  };
  const sent: { callerId: string; event: string }[] = [];
  const db = new Database(':memory:');
  migrate(db);
  const bus = createEventBus({
    db,
    clock,
    sessions,
    emit: (callerId, event) => sent.push({ callerId, event }),
    logInternal: () => undefined,
  });
  const events = approvalEventsOn(bus, { clock, sessions });
  return { clock, standings, sessions, start, sent, events };
}

describe('the operator’s standing, read at every look-up', () => {
  it('a disabled operator has no session; a demoted one has the new role at once', () => {
    const { sessions, start, standings, clock } = setup();
    start('w1', 1, 'lead');
    expect(sessions.forCaller('w1', clock.now())).toMatchObject({ role: 'lead' });
    standings.set(1, { role: 'agent' });
    expect(sessions.forCaller('w1', clock.now())).toMatchObject({ role: 'agent' });
    standings.set(1, null);
    expect(sessions.forCaller('w1', clock.now())).toBeNull();
    expect(sessions.get('w1', clock.now())).toBeNull();
    // The record stays until the window signs out, so its call can be ended then.
    expect(sessions.end('w1')).toMatchObject({ operatorId: 1 });
  });
});

describe('cards handed out to a session', () => {
  it('are the session’s own, forgotten when it ends, and bounded', () => {
    const { sessions, start } = setup();
    start('w1', 1, 'agent');
    start('w2', 1, 'agent');
    sessions.handOut('w1', ['c_a']);
    expect(sessions.wasHandedOut('w1', 'c_a')).toBe(true);
    expect(sessions.wasHandedOut('w2', 'c_a')).toBe(false);
    sessions.handOut('nobody', ['c_a']);
    expect(sessions.wasHandedOut('nobody', 'c_a')).toBe(false);
    start('w1', 2, 'agent'); // another operator signs in at the window
    expect(sessions.wasHandedOut('w1', 'c_a')).toBe(false);
    sessions.handOut('w1', ['c_a']);
    sessions.end('w1');
    expect(sessions.wasHandedOut('w1', 'c_a')).toBe(false);
    start('w1', 1, 'agent');
    const many = Array.from({ length: HANDED_OUT_CAP + 5 }, (_, i) => `c_${i}`);
    sessions.handOut('w1', many);
    expect(sessions.wasHandedOut('w1', 'c_0')).toBe(false);
    expect(sessions.wasHandedOut('w1', `c_${HANDED_OUT_CAP + 4}`)).toBe(true);
  });
});

describe('approvals.changed reaches only active sessions that may see it', () => {
  it('leads that are active hear it; idle-locked, disabled and agents do not', () => {
    const { start, sent, events, clock, sessions, standings } = setup();
    start('agent-window', 1, 'agent');
    start('lead-active', 2, 'lead');
    start('lead-idle', 3, 'lead');
    start('lead-disabled', 4, 'lead');
    start('other-agent', 5, 'agent');
    clock.advance(10 * MINUTE);
    sessions.touch('agent-window', clock.now());
    sessions.touch('lead-active', clock.now());
    sessions.touch('lead-disabled', clock.now());
    clock.advance(6 * MINUTE); // lead-idle and other-agent are now idle-locked
    standings.set(4, null);
    events.requested('apr_1', 'c_1', 'agent-window');
    expect(sent.map((s) => s.callerId).sort()).toEqual(['agent-window', 'lead-active']);
  });

  it('the window that asked hears only while the same operator is active there', () => {
    const { start, sent, events, clock, sessions } = setup();
    start('agent-window', 1, 'agent');
    events.requested('apr_1', 'c_1', 'agent-window');
    // Another operator signs in at that window: the first one's request is not theirs.
    start('agent-window', 7, 'agent');
    sent.length = 0;
    events.changed('apr_1', 'c_1', 'pending');
    expect(sent).toEqual([]);
    // The asker idle-locked: nothing until they resume.
    start('w2', 1, 'agent');
    events.requested('apr_2', 'c_2', 'w2');
    sent.length = 0;
    sessions.lockNow('w2', clock.now());
    events.changed('apr_2', 'c_2', 'approved');
    expect(sent).toEqual([]);
  });
});

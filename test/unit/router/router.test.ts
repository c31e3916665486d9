import { describe, expect, it, vi } from 'vitest';
import { contract } from '../../../shared/contract/index.ts';
import { manualClock } from '../../../main/core/clock.ts';
import { DeskFailure } from '../../../main/core/router/failure.ts';
import {
  createRouter,
  type CallerSession,
  type Handlers,
} from '../../../main/core/router/router.ts';

const NOW = '2026-11-25T09:00:00.000Z';

function setup(overrides: Partial<Handlers> = {}, session: CallerSession | null = null) {
  const ran: string[] = [];
  const unused = Object.fromEntries(
    Object.keys(contract.channels).map((name) => [
      name,
      async () => {
        throw new Error(`${name} is not used in this test`);
      },
    ]),
  );
  const handlers = {
    ...unused,
    'app.info': async () => (
      ran.push('app.info'),
      {
        version: '0.1.0',
        demo: true,
        benchmark: false,
        surface: 'desktop',
        idleLockMinutes: 15,
        acs: 'embedded',
        now: NOW,
      }
    ),
    'session.current': async () => (ran.push('session.current'), { state: 'signed-out', now: NOW }),
    'audit.verify': async () => (
      ran.push('audit.verify'),
      { status: 'empty', entriesChecked: 0, lastAnchoredSeq: 0, firstBadSeq: null, checkedAt: NOW }
    ),
    ...overrides,
  } as Handlers;
  const logged: string[] = [];
  const emitted: unknown[] = [];
  const router = createRouter({
    contract,
    handlers,
    sessions: { forCaller: () => session },
    clock: manualClock(NOW),
    emit: (callerId, event, payload) => emitted.push({ callerId, event, payload }),
    logInternal: (line) => logged.push(line),
  });
  return { router, ran, logged, emitted };
}

const lead: CallerSession = { operatorId: 2, username: 'lead1', role: 'lead', state: 'active' };

describe('router', () => {
  it('answers a valid call with ok and the parsed output', async () => {
    const { router } = setup();
    expect(await router.call('w1', 'app.info', {})).toEqual({
      ok: true,
      value: {
        version: '0.1.0',
        demo: true,
        benchmark: false,
        surface: 'desktop',
        idleLockMinutes: 15,
        acs: 'embedded',
        now: NOW,
      },
    });
  });

  it('refuses a bad payload with invalid_input and never runs the handler', async () => {
    const { router, ran } = setup();
    for (const payload of [null, 'x', 42, [], { extra: 1 }]) {
      const result = await router.call('w1', 'app.info', payload);
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', reason: 'input.invalid' },
      });
    }
    expect(ran).toEqual([]);
  });

  it('does not echo refused values back', async () => {
    const { router } = setup();
    const result = await router.call('w1', 'app.info', { secret4111111111111111: 'x' });
    expect(JSON.stringify(result)).not.toContain('4111111111111111');
  });

  it('refuses unknown channels, including prototype names', async () => {
    const { router } = setup();
    for (const channel of ['nope', 'constructor', '__proto__', 'toString']) {
      expect(await router.call('w1', channel, {})).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', reason: 'input.unknown-channel' },
      });
    }
  });

  it('never echoes an unknown channel name, however long (issue 16)', async () => {
    const { router } = setup();
    for (const channel of ['<img src=x>4111111111111111', 'x'.repeat(1_000_000), 'app.info ']) {
      const result = await router.call('w1', channel, {});
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'invalid_input',
          reason: 'input.unknown-channel',
          message: 'Unknown channel.',
        },
      });
    }
    expect(await router.call('w1', 42 as unknown as string, {})).toMatchObject({
      ok: false,
      error: { reason: 'input.unknown-channel' },
    });
  });

  it('refuses an output with an extra key as internal and never returns it', async () => {
    const leaky = vi.fn(async () => ({
      version: '0.1.0',
      demo: false,
      benchmark: false,
      surface: 'desktop',
      idleLockMinutes: 15,
      acs: 'embedded',
      now: NOW,
      pan: '4111111111111111',
    }));
    const { router, logged } = setup({ 'app.info': leaky as unknown as Handlers['app.info'] });
    const result = await router.call('w1', 'app.info', {});
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', reason: 'internal', message: expect.any(String) },
    });
    expect(JSON.stringify(result)).not.toContain('4111');
    expect(logged).toEqual(['app.info: reply refused by its output schema']);
  });

  it('turns a thrown error into internal without its message or stack', async () => {
    const { router, logged } = setup({
      'app.info': async () => {
        throw new Error('SQLITE_ERROR near "4111111111111111"');
      },
    });
    const result = await router.call('w1', 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal', reason: 'internal' } });
    expect(JSON.stringify(result)).not.toMatch(/SQLITE|4111|at /);
    expect(logged.join()).not.toContain('4111');
  });

  it('passes a DeskFailure through with its code, reason and message', async () => {
    const { router } = setup({
      'app.info': async () => {
        throw new DeskFailure('conflict', 'reset.not-locked', 'Already unlocked.');
      },
    });
    expect(await router.call('w1', 'app.info', {})).toEqual({
      ok: false,
      error: { code: 'conflict', reason: 'reset.not-locked', message: 'Already unlocked.' },
    });
  });

  it('requires a session for non-public channels', async () => {
    const { router, ran } = setup();
    expect(await router.call('w1', 'audit.verify', {})).toMatchObject({
      error: { code: 'unauthenticated', reason: 'session.signed-out' },
    });
    expect(ran).toEqual([]);
  });

  it('refuses a role the channel does not allow', async () => {
    const { router, ran } = setup({}, { ...lead, role: 'agent' });
    expect(await router.call('w1', 'audit.verify', {})).toMatchObject({
      error: { code: 'forbidden', reason: 'access.role' },
    });
    expect(ran).toEqual([]);
  });

  it('refuses an idle-locked session on non-public channels', async () => {
    const { router } = setup({}, { ...lead, state: 'idle-locked' });
    expect(await router.call('w1', 'audit.verify', {})).toMatchObject({
      error: { code: 'unauthenticated', reason: 'session.locked' },
    });
    expect(await router.call('w1', 'app.info', {})).toMatchObject({ ok: true });
  });

  it('runs the handler for an allowed role', async () => {
    const { router, ran } = setup({}, lead);
    expect(await router.call('w1', 'audit.verify', {})).toMatchObject({ ok: true });
    expect(ran).toEqual(['audit.verify']);
  });

  it('checks event payloads against the contract before emitting', async () => {
    const { router, emitted, logged } = setup(
      {
        'audit.verify': async (_input, ctx) => {
          ctx.emit('audit.verifyProgress', { checked: 1, total: 2 });
          ctx.emit('audit.verifyProgress', { checked: -1, total: 2, extra: 'x' } as never);
          return {
            status: 'empty',
            entriesChecked: 0,
            lastAnchoredSeq: 0,
            firstBadSeq: null,
            checkedAt: NOW,
          };
        },
      },
      lead,
    );
    await router.call('w9', 'audit.verify', {});
    expect(emitted).toEqual([
      { callerId: 'w9', event: 'audit.verifyProgress', payload: { checked: 1, total: 2 } },
    ]);
    expect(logged).toEqual(['event audit.verifyProgress: payload refused by its schema']);
  });

  it('sends no event to a session that locked or ended meanwhile (issue 16)', async () => {
    const session: CallerSession = { ...lead };
    const { router, emitted } = setup(
      {
        'audit.verify': async (_input, ctx) => {
          ctx.emit('audit.verifyProgress', { checked: 1, total: 3 });
          session.state = 'idle-locked'; // a long check outlasts the idle lock
          ctx.emit('audit.verifyProgress', { checked: 2, total: 3 });
          return {
            status: 'empty',
            entriesChecked: 0,
            lastAnchoredSeq: 0,
            firstBadSeq: null,
            checkedAt: NOW,
          };
        },
      },
      session,
    );
    await router.call('w9', 'audit.verify', {});
    expect(emitted).toEqual([
      { callerId: 'w9', event: 'audit.verifyProgress', payload: { checked: 1, total: 3 } },
    ]);
  });
});

/**
 * The console's main process in connected mode: the deployed config read (or refused with
 * what is wrong), and the remote core the shell binds to IPC, one server connection per
 * window, events back to the window whose session they are for.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleConfigDir, readConsoleConfig } from '../../../main/connected/console-config.ts';
import { createRemoteCore } from '../../../main/connected/remote-core.ts';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { useDeskServer } from './server-fixture.ts';

const tempDir = useTempDir();
const deskServer = useDeskServer();

describe('connected mode', () => {
  it('reads the deployed config, and refuses a wrong one with what is wrong', () => {
    const dir = tempDir();
    expect(readConsoleConfig(dir)).toBeNull();
    writeFileSync(join(dir, 'ca.pem'), 'CA PEM');
    const write = (config: unknown) =>
      writeFileSync(join(dir, 'console.json'), JSON.stringify(config));
    write({ server: 'https://desk.example.internal:8443', ca: 'ca.pem' });
    expect(readConsoleConfig(dir)).toEqual({
      server: 'https://desk.example.internal:8443',
      ca: Buffer.from('CA PEM'),
    });
    write({ server: 'http://desk.example.internal:8443', ca: 'ca.pem' });
    expect(() => readConsoleConfig(dir)).toThrow(/server: the server address must be https/u);
    write({ server: 'https://desk:8443', ca: 'ca.pem', cert: 'machine.pem' });
    expect(() => readConsoleConfig(dir)).toThrow(/"cert" and "key" go together/u);
    write({ server: 'https://desk:8443', ca: 'missing.pem' });
    expect(() => readConsoleConfig(dir)).toThrow(/cannot read the CA certificate "missing.pem"/u);
    write({ server: 'https://desk:8443', ca: 'ca.pem', password: 'x' });
    expect(() => readConsoleConfig(dir)).toThrow(/not a valid console configuration/u);
    expect(consoleConfigDir('win32', { ProgramData: 'D:\\PD' })).toBe(
      join('D:\\PD', 'Verify Desk'),
    );
  });

  it('gives each window its own session on the server, its events, and ends it when the window closes', async () => {
    const server = await deskServer({ cardholders: 6 });
    const emitted: { callerId: string; event: string }[] = [];
    const core = createRemoteCore({
      config: { server: server.running.server.url, ca: Buffer.from(server.ca.cert) },
      consoleHost: 'PC-CONNECTED',
      emit: (callerId, event) => emitted.push({ callerId, event }),
    });
    try {
      for (const [window, role] of [
        ['window-1', 'agent'],
        ['window-2', 'lead'],
      ] as const) {
        const operator = demoOperator(role);
        expect(
          await core.router.call(window, 'session.signIn', {
            username: operator.username,
            password: operator.password,
          }),
        ).toMatchObject({ ok: true, value: { state: 'active' } });
      }
      expect(await core.router.call('window-1', 'approvals.list', {})).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      expect(await core.router.call('window-2', 'approvals.list', {})).toMatchObject({ ok: true });
      const sessions = () =>
        (server.db.prepare('SELECT count(*) AS n FROM server_sessions').get() as { n: number }).n;
      expect(sessions()).toBe(2);

      await core.endCaller('window-1');
      expect(sessions()).toBe(1);
      expect(emitted).toEqual([]);
      const origins = server.db
        .prepare(
          "SELECT DISTINCT origin FROM audit_log WHERE origin LIKE '% claims-host=PC-CONNECTED'",
        )
        .all();
      expect(origins.length).toBeGreaterThan(0);
    } finally {
      core.close();
    }
  });

  it('locks the sessions on the server when the OS locks or idles, keeping the call for the resume', async () => {
    const server = await deskServer({ cardholders: 12 });
    const emitted: { callerId: string; event: string; payload: unknown }[] = [];
    const core = createRemoteCore({
      config: { server: server.running.server.url, ca: Buffer.from(server.ca.cert) },
      consoleHost: 'PC-CONNECTED',
      emit: (callerId, event, payload) => emitted.push({ callerId, event, payload }),
    });
    const call = (channel: string, payload: unknown = {}) =>
      core.router.call('window-1', channel, payload);
    const agent = demoOperator('agent');
    try {
      await call('session.signIn', { username: agent.username, password: agent.password });
      const person = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
      const cardId = person.cards[0]!.publicId;
      await call('cards.search', { key: 'customer-ref', customerRef: person.customerRef });
      const opened = await call('cards.open', { cardId });
      expect(
        await call('caller.verify', { cardId, dob: person.dob, postcode: person.postcode }),
      ).toMatchObject({ ok: true });

      // Idle for less than the policy's idle lock: nothing happens.
      await core.osIdle(60);
      expect(emitted).toEqual([]);
      expect(await call('session.current')).toMatchObject({ value: { state: 'active' } });

      await core.osLocked();
      expect(emitted).toEqual([
        { callerId: 'window-1', event: 'session.changed', payload: { reason: 'os-lock' } },
      ]);
      expect(await call('session.current')).toMatchObject({ value: { state: 'idle-locked' } });
      expect(await call('lockout.status', { cardId })).toMatchObject({
        ok: false,
        error: { reason: 'session.locked' },
      });
      // Locked again (still locked): no second event, no second audit entry.
      await core.osLocked();
      await core.osIdle(24 * 3600);
      expect(emitted).toHaveLength(1);
      const locks = server.db
        .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'session.idle-lock'")
        .get() as { n: number };
      expect(locks.n).toBe(1);

      // The resume returns the agent to the same call, the caller still verified.
      expect(await call('session.resume', { password: agent.password })).toMatchObject({
        value: { state: 'active' },
      });
      expect(await call('cards.open', { cardId })).toMatchObject({
        ok: true,
        value: {
          callId: (opened as { value: { callId: string } }).value.callId,
          verification: { status: 'verified' },
        },
      });

      // Idle past the policy on the console's machine locks it too.
      await core.osIdle(24 * 3600);
      expect(emitted.at(-1)).toEqual({
        callerId: 'window-1',
        event: 'session.changed',
        payload: { reason: 'os-idle' },
      });
      expect(await call('session.current')).toMatchObject({ value: { state: 'idle-locked' } });
    } finally {
      core.close();
    }
  });

  it("fails closed: an OS lock the server cannot confirm drops the window's session", async () => {
    const server = await deskServer({ cardholders: 4 });
    const emitted: { callerId: string; event: string; payload: unknown }[] = [];
    const core = createRemoteCore({
      config: { server: server.running.server.url, ca: Buffer.from(server.ca.cert) },
      consoleHost: 'PC-CONNECTED',
      emit: (callerId, event, payload) => emitted.push({ callerId, event, payload }),
      backoff: { minMs: 20, maxMs: 100 },
    });
    const sessionEvents = () => emitted.filter((e) => e.event === 'session.changed');
    const agent = demoOperator('agent');
    try {
      await core.router.call('window-1', 'session.signIn', {
        username: agent.username,
        password: agent.password,
      });
      await server.restart(async () => {
        // A short idle while the server is away keeps the call.
        await core.osIdle(120);
        expect(sessionEvents()).toEqual([]);
        // The screen locks while the server is away: the console does not stay signed in.
        await core.osLocked();
      });
      expect(sessionEvents()).toEqual([
        { callerId: 'window-1', event: 'session.changed', payload: { reason: 'os-lock' } },
      ]);
      expect(await core.router.call('window-1', 'session.current', {})).toMatchObject({
        ok: true,
        value: { state: 'signed-out' },
      });
    } finally {
      core.close();
    }
  });
});

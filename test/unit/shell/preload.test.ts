import { beforeAll, describe, expect, it, vi } from 'vitest';
import { contract } from '../../../shared/contract/index.ts';
import { contextBridge, fakeEvent, ipcRenderer, resetElectronFake } from '../../fakes/electron.ts';

vi.mock('electron', () => import('../../fakes/electron.ts'));

type Desk = Record<string, unknown> & {
  on: (event: string, listener: (...args: unknown[]) => void) => () => void;
};
let desk: Desk;

beforeAll(async () => {
  resetElectronFake();
  await import('../../../main/shell/preload.ts');
  desk = contextBridge.exposed.desk as Desk;
});

/** Every property name anywhere in the exposed object, nested. */
function allKeys(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) => [
    `${path}${key}`,
    ...allKeys((value as Record<string, unknown>)[key], `${path}${key}.`),
  ]);
}

describe('preload', () => {
  it('exposes exactly one key, desk', () => {
    expect(Object.keys(contextBridge.exposed)).toEqual(['desk']);
  });

  it("exposes the contract's channels, grouped by domain, plus on — and nothing else", () => {
    const expected = [...Object.keys(contract.channels), 'on'];
    const groups = new Set(
      Object.keys(contract.channels).map((channel) => channel.split('.')[0] ?? channel),
    );
    expected.push(...groups);
    expect(allKeys(desk).sort()).toEqual(expected.sort());
    for (const forbidden of ['invoke', 'ipcRenderer', 'send', 'sendSync', 'require', 'process']) {
      expect(allKeys(desk).some((key) => key.split('.').includes(forbidden))).toBe(false);
    }
  });

  it('sends each call over ipcRenderer.invoke on the prefixed channel, with its payload', async () => {
    ipcRenderer.backend = (channel) => ({ ok: true, value: channel });
    for (const channel of Object.keys(contract.channels)) {
      const [group, method] = channel.split('.') as [string, string];
      const call = (desk[group] as Record<string, (input?: unknown) => Promise<unknown>>)[method];
      ipcRenderer.invocations.length = 0;
      const reply = await call?.({ probe: channel });
      expect(ipcRenderer.invocations).toEqual([
        { channel: `desk:${channel}`, args: [{ probe: channel }] },
      ]);
      expect(reply).toEqual({ ok: true, value: `desk:${channel}` });
    }
  });

  it('gives event listeners the payload only, never the IpcRendererEvent, and unsubscribes', () => {
    const calls: unknown[][] = [];
    const stop = desk.on('audit.verifyProgress', (...args: unknown[]) => calls.push(args));
    const ipcEvent = { ...fakeEvent(), sender: ipcRenderer };
    ipcRenderer.emit('desk-event:audit.verifyProgress', ipcEvent, { checked: 1, total: 2 });
    expect(calls).toEqual([[{ checked: 1, total: 2 }]]);

    stop();
    ipcRenderer.emit('desk-event:audit.verifyProgress', ipcEvent, { checked: 2, total: 2 });
    expect(calls).toHaveLength(1);
    expect(ipcRenderer.listenerCount('desk-event:audit.verifyProgress')).toBe(0);
  });

  it('refuses to listen to an event the contract does not declare', () => {
    expect(() => desk.on('ipc.anything', () => undefined)).toThrow(/Unknown event/);
    expect(ipcRenderer.eventNames()).toEqual([]);
  });
});

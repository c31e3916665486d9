import { beforeEach, describe, expect, it, vi } from 'vitest';
import { contract, type Result } from '../../../shared/contract/index.ts';
import {
  FakeWebContents,
  fakeFrame,
  ipcMain,
  resetElectronFake,
  type FakeFrame,
} from '../../fakes/electron.ts';
import { createDeskIpc, type DeskIpc } from '../../../main/shell/ipc-binding.ts';

vi.mock('electron', () => import('../../fakes/electron.ts'));

const APP_URL = 'app://desk/index.html';

let calls: { callerId: string; channel: string; payload: unknown }[];
let gone: string[];
let logged: string[];
let ipc: DeskIpc;

beforeEach(() => {
  resetElectronFake();
  calls = [];
  gone = [];
  logged = [];
  ipc = createDeskIpc({
    onCallerGone: (id) => gone.push(id),
    logInternal: (line) => logged.push(line),
  });
  ipc.bind({
    async call(callerId, channel, payload) {
      calls.push({ callerId, channel, payload });
      return { ok: true, value: { answered: channel } };
    },
  });
});

/** Invokes a bound channel as Electron would, from the given frame of the given page. */
function invoke(
  channel: string,
  frame: FakeFrame | null,
  contents = new FakeWebContents(),
  payload: unknown = {},
) {
  const handler = ipcMain.handlers.get(`desk:${channel}`);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(
    { sender: contents, senderFrame: frame, frameId: 1, processId: 1 },
    payload,
  ) as Promise<Result<unknown>>;
}

const forbidden = {
  ok: false,
  error: { code: 'forbidden', reason: 'access.untrusted-frame', message: expect.any(String) },
};

describe('IPC binding', () => {
  it('binds every contract channel, prefixed, and nothing else', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      Object.keys(contract.channels)
        .map((c) => `desk:${c}`)
        .sort(),
    );
  });

  it('passes a call from the app://desk top frame to the router, with the window as caller', async () => {
    const contents = new FakeWebContents();
    const reply = await invoke('session.current', fakeFrame(APP_URL, 'app://desk'), contents, {
      a: 1,
    });
    expect(reply).toEqual({ ok: true, value: { answered: 'session.current' } });
    expect(calls).toEqual([
      { callerId: `window-${contents.id}`, channel: 'session.current', payload: { a: 1 } },
    ]);
  });

  it('gives two windows two callers', async () => {
    const one = new FakeWebContents();
    const two = new FakeWebContents();
    await invoke('session.current', fakeFrame(APP_URL, 'app://desk'), one);
    await invoke('session.current', fakeFrame(APP_URL, 'app://desk'), two);
    expect(new Set(calls.map((c) => c.callerId)).size).toBe(2);
  });

  it.each([
    ['a foreign origin', () => fakeFrame('https://evil.example/', 'https://evil.example')],
    [
      'a file:// page',
      () => fakeFrame('file:///C:/Program%20Files/Verify%20Desk/index.html', 'file://'),
    ],
    [
      'a sub-frame of the console',
      () => fakeFrame(APP_URL, 'app://desk', fakeFrame(APP_URL, 'app://desk')),
    ],
    [
      'a foreign sub-frame',
      () =>
        fakeFrame(
          'https://evil.example/',
          'https://evil.example',
          fakeFrame(APP_URL, 'app://desk'),
        ),
    ],
    ['another app:// host', () => fakeFrame('app://evil/index.html', 'app://evil')],
    [
      'a look-alike host',
      () => fakeFrame('app://desk.evil.example/index.html', 'app://desk.evil.example'),
    ],
    ['an app:// URL with an opaque origin', () => fakeFrame(APP_URL, 'null')],
    [
      'an app origin claimed by a foreign URL',
      () => fakeFrame('https://evil.example/', 'app://desk'),
    ],
    ['a frame already gone', () => null],
  ])('answers forbidden to %s, without calling the router', async (_name, frame) => {
    for (const channel of Object.keys(contract.channels)) {
      expect(await invoke(channel, frame())).toEqual(forbidden);
    }
    expect(calls).toEqual([]);
  });

  it('answers internal, not the error, when the router throws', async () => {
    resetElectronFake();
    const broken = createDeskIpc({ logInternal: (line) => logged.push(line) });
    broken.bind({
      call: () => Promise.reject(new TypeError('SELECT secret FROM somewhere')),
    });
    const reply = await invoke('session.current', fakeFrame(APP_URL, 'app://desk'));
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal', reason: 'internal' } });
    expect(JSON.stringify(reply)).not.toContain('secret');
    expect(logged).toEqual(['session.current: router threw (TypeError)']);
  });

  it('refuses to bind twice', () => {
    expect(() => ipc.bind({ call: async () => ({ ok: true, value: null }) })).toThrow(
      /already bound/,
    );
  });
});

describe('IPC events', () => {
  it("sends an event to the caller's window only", async () => {
    const one = new FakeWebContents();
    const two = new FakeWebContents();
    await invoke('session.current', fakeFrame(APP_URL, 'app://desk'), one);
    await invoke('session.current', fakeFrame(APP_URL, 'app://desk'), two);

    ipc.emit(`window-${one.id}`, 'audit.verifyProgress', { checked: 1, total: 3 });
    expect(one.sent).toEqual([
      { channel: 'desk-event:audit.verifyProgress', args: [{ checked: 1, total: 3 }] },
    ]);
    expect(two.sent).toEqual([]);
  });

  it('sends no event the contract does not name (issue 16)', async () => {
    const one = new FakeWebContents();
    await invoke('session.current', fakeFrame(APP_URL, 'app://desk'), one);
    ipc.emit(`window-${one.id}`, 'x'.repeat(10_000), { checked: 1, total: 3 });
    ipc.emit(`window-${one.id}`, '__proto__', {});
    expect(one.sent).toEqual([]);
  });

  it('sends nothing to a caller it has not seen', () => {
    expect(() =>
      ipc.emit('window-999', 'audit.verifyProgress', { checked: 0, total: 0 }),
    ).not.toThrow();
  });

  it('sends nothing to a window no longer showing the console', async () => {
    const contents = new FakeWebContents();
    await invoke('session.current', fakeFrame(APP_URL, 'app://desk'), contents);
    contents.mainFrame = fakeFrame('https://evil.example/', 'https://evil.example');
    ipc.emit(`window-${contents.id}`, 'audit.verifyProgress', { checked: 1, total: 3 });
    expect(contents.sent).toEqual([]);
  });

  it('forgets a closed window and reports its caller gone, once', async () => {
    const contents = new FakeWebContents();
    await invoke('session.current', fakeFrame(APP_URL, 'app://desk'), contents);
    await invoke('session.current', fakeFrame(APP_URL, 'app://desk'), contents);
    contents.destroy();
    expect(gone).toEqual([`window-${contents.id}`]);
    expect(() =>
      ipc.emit(`window-${contents.id}`, 'audit.verifyProgress', { checked: 1, total: 3 }),
    ).not.toThrow();
  });

  it('does not track a window that was refused', async () => {
    const contents = new FakeWebContents('https://evil.example/', 'https://evil.example');
    await invoke('session.current', contents.mainFrame, contents);
    contents.destroy();
    expect(gone).toEqual([]);
  });
});

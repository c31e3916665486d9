/**
 * The leads' desktop notification in the shell, against a fake of Electron's Notification:
 * shown only for an `alerts.notify` the router allowed, with the router's words; one on
 * screen at a time; a click brings the console forward and tells the window that asked;
 * nothing shown for a refusal or for any other channel, nor where the OS has no notifications.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  app,
  BrowserWindow,
  fakeFrame,
  ipcMain,
  Notification,
  resetElectronFake,
} from '../../fakes/electron.ts';
import { readFileSync } from 'node:fs';
import { APP_USER_MODEL_ID, startDesk, type DeskCorePort } from '../../../main/shell/start-desk.ts';
import type { Result } from '../../../shared/contract/result.ts';

vi.mock('electron', () => import('../../fakes/electron.ts'));

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A core whose router answers `alerts.notify` with what `answer` says, and logs every call. */
function startWith(answer: (payload: unknown) => Result<unknown>) {
  const calls: string[] = [];
  startDesk({
    rendererDir: '/app/out/renderer',
    preload: '/app/out/preload/preload.cjs',
    devTools: false,
    logInternal: () => undefined,
    async openCore(): Promise<DeskCorePort> {
      return {
        router: {
          call: async (_callerId, channel, payload) => {
            calls.push(channel);
            return channel === 'alerts.notify' ? answer(payload) : { ok: true, value: {} };
          },
        },
        endCaller: async () => undefined,
        osLocked: async () => undefined,
        osIdle: async () => undefined,
        close: () => undefined,
      };
    },
  });
  app.becomeReady();
  return calls;
}

async function invoke(channel: string, payload: unknown) {
  const window = BrowserWindow.instances[0];
  if (!window) throw new Error('no window');
  const handler = ipcMain.handlers.get(`desk:${channel}`);
  if (!handler) throw new Error(`no handler for ${channel}`);
  const result = await handler(
    { sender: window.webContents, senderFrame: fakeFrame('app://desk/index.html', 'app://desk') },
    payload,
  );
  return { window, result };
}

const allowed = (payload: unknown): Result<unknown> => ({ ok: true, value: payload });
const notice = { about: 'alert', title: 'New alert: Search limit reached', body: '2 open alerts' };

beforeEach(() => resetElectronFake());

describe('desktop notification', () => {
  it('shows what the router allowed, and a click brings the window forward and opens the tray', async () => {
    startWith(allowed);
    await settle();
    const { window } = await invoke('alerts.notify', notice);
    expect(Notification.instances).toHaveLength(1);
    const [shown] = Notification.instances;
    expect(shown?.options).toEqual({ title: notice.title, body: notice.body });
    expect(shown?.shown).toBe(1);

    window.minimized = true;
    shown?.emit('click');
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
    expect(window.webContents.sent).toContainEqual({
      channel: 'desk-event:alerts.noticeOpened',
      args: [{ about: 'alert' }],
    });
  });

  it('keeps one on screen: a newer notice replaces the one still shown', async () => {
    startWith(allowed);
    await settle();
    await invoke('alerts.notify', notice);
    await invoke('alerts.notify', { ...notice, about: 'approval', body: '1 request waiting' });
    const [first, second] = Notification.instances;
    expect(first?.closed).toBe(true);
    expect(second?.closed).toBe(false);
    expect(second?.options.body).toBe('1 request waiting');
  });

  it('shows nothing for a refusal, for another channel, or where the OS has no notifications', async () => {
    const refused: Result<unknown> = {
      ok: false,
      error: { code: 'invalid_input', reason: 'note.card-number', message: 'refused' },
    };
    startWith(() => refused);
    await settle();
    const { result } = await invoke('alerts.notify', notice);
    expect(result).toEqual(refused);
    await invoke('alerts.list', {});
    expect(Notification.instances).toHaveLength(0);

    resetElectronFake();
    Notification.supported = false;
    startWith(allowed);
    await settle();
    await invoke('alerts.notify', notice);
    expect(Notification.instances).toHaveLength(0);
  });
});

it('names the app on Windows by the appId the installer uses (notifications need it there)', () => {
  const builder = readFileSync(new URL('../../../electron-builder.yml', import.meta.url), 'utf8');
  expect(/^appId:\s*(\S+)$/mu.exec(builder)?.[1]).toBe(APP_USER_MODEL_ID);
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  app,
  BrowserWindow,
  dialog,
  fakeEvent,
  fakeFrame,
  ipcMain,
  powerMonitor,
  protocol,
  resetElectronFake,
  session,
} from '../../fakes/electron.ts';
import {
  startDesk,
  type DeskCorePort,
  type DeskShellOptions,
} from '../../../main/shell/start-desk.ts';

vi.mock('electron', () => import('../../fakes/electron.ts'));

interface CoreLog {
  opened: number;
  ended: string[];
  closed: number;
  order: string[];
}

let log: CoreLog;

function shell(overrides: Partial<DeskShellOptions> = {}): DeskShellOptions {
  return {
    rendererDir: '/app/out/renderer',
    preload: '/app/out/preload/preload.cjs',
    devTools: false,
    logInternal: () => undefined,
    async openCore(): Promise<DeskCorePort> {
      log.opened += 1;
      log.order.push('core');
      return {
        router: { call: async () => ({ ok: true, value: 'routed' }) },
        async endCaller(callerId) {
          await Promise.resolve();
          log.ended.push(callerId);
          log.order.push(`end ${callerId}`);
        },
        async osLocked() {
          log.order.push('os-locked');
        },
        async osIdle(seconds) {
          log.order.push(`os-idle ${seconds}`);
        },
        close() {
          log.closed += 1;
          log.order.push('close');
        },
      };
    },
    ...overrides,
  };
}

/** Lets the whenReady chain (and any awaits in it) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  resetElectronFake();
  log = { opened: 0, ended: [], closed: 0, order: [] };
});

describe('single instance', () => {
  it('quits, and sets nothing up, when another instance holds the lock', async () => {
    app.singleInstanceLock = false;
    startDesk(shell());
    expect(app.quitCalls).toBe(1);
    app.becomeReady();
    await settle();
    expect(protocol.privileged).toEqual([]);
    expect(protocol.handlers.size).toBe(0);
    expect(ipcMain.handlers.size).toBe(0);
    expect(BrowserWindow.instances).toEqual([]);
    expect(log.opened).toBe(0);
  });

  it('brings the running console forward on a second launch', async () => {
    startDesk(shell());
    app.becomeReady();
    await settle();
    const [window] = BrowserWindow.instances;
    if (!window) throw new Error('no window');
    window.minimized = true;
    app.emit('second-instance', fakeEvent(), ['verify-desk'], '/');
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
    expect(BrowserWindow.instances).toHaveLength(1);
  });
});

describe('start-up', () => {
  it('registers the scheme and sandboxes before ready; serves, opens core, binds IPC and loads the console after', async () => {
    startDesk(shell());
    expect(app.quitCalls).toBe(0);
    expect(protocol.privileged.map((s) => s.scheme)).toEqual(['app']);
    expect(app.sandboxEnabled).toBe(true);
    expect(BrowserWindow.instances).toEqual([]);

    app.becomeReady();
    await settle();
    expect(protocol.handlers.has('app')).toBe(true);
    expect(session.defaultSession.permissionCheckHandler?.()).toBe(false);
    expect(log.opened).toBe(1);
    expect(ipcMain.handlers.size).toBeGreaterThan(0);
    const [window] = BrowserWindow.instances;
    expect(window?.loadedUrl).toBe('app://desk/index.html');
    expect(window?.options).toMatchObject({
      show: false,
      webPreferences: { sandbox: true, preload: '/app/out/preload/preload.cjs' },
    });
  });

  it('shows the window only when it is ready to show', async () => {
    startDesk(shell());
    app.becomeReady();
    await settle();
    const [window] = BrowserWindow.instances;
    expect(window?.visible).toBe(false);
    window?.emit('ready-to-show');
    expect(window?.visible).toBe(true);
  });

  it('hardens the console window it creates', async () => {
    startDesk(shell());
    app.becomeReady();
    await settle();
    const event = fakeEvent();
    BrowserWindow.instances[0]?.webContents.emit('will-navigate', event, 'https://evil.example/');
    expect(event.defaultPrevented).toBe(true);
  });

  it('says why and exits when main/core cannot open', async () => {
    startDesk(
      shell({
        openCore: () => Promise.reject(new Error('The database file "desk.db" does not exist.')),
      }),
    );
    app.becomeReady();
    await settle();
    expect(dialog.errors).toEqual([
      {
        title: 'Verify Desk could not start',
        content: 'The database file "desk.db" does not exist.',
      },
    ]);
    expect(app.exitCode).toBe(1);
    expect(BrowserWindow.instances).toEqual([]);
  });
});

describe('quit', () => {
  it("ends a closed window's session, then closes the database once", async () => {
    startDesk(shell());
    app.becomeReady();
    await settle();
    const [window] = BrowserWindow.instances;
    if (!window) throw new Error('no window');
    const handler = ipcMain.handlers.get('desk:session.current');
    const contents = window.webContents;
    await handler?.(
      { sender: contents, senderFrame: fakeFrame('app://desk/index.html', 'app://desk') },
      {},
    );

    contents.destroy();
    app.emit('window-all-closed');
    await settle();
    expect(log.order).toEqual(['core', `end window-${contents.id}`, 'close']);
    expect(log.closed).toBe(1);

    app.quit();
    expect(log.closed).toBe(1);
  });

  it('locks every session when the OS locks the screen or suspends, and reports OS idle time', async () => {
    vi.useFakeTimers({ toFake: ['setInterval'] });
    try {
      startDesk(shell());
      app.becomeReady();
      await settle();
      expect(log.opened).toBe(1);
      powerMonitor.emit('lock-screen');
      powerMonitor.emit('suspend');
      powerMonitor.idleSeconds = 901;
      vi.advanceTimersByTime(30_000);
      expect(log.order.filter((entry) => entry.startsWith('os-'))).toEqual([
        'os-locked',
        'os-locked',
        'os-idle 901',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});

import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as electronFake from '../../fakes/electron.ts';

vi.mock('electron', () => import('../../fakes/electron.ts'));

const createDeskCore = vi.fn();
vi.mock('../../../main/core/desk-core.ts', () => ({ createDeskCore }));

type Fake = typeof electronFake;

let launches = 0;

/**
 * Runs main.ts afresh over a reset fake: main.ts starts the app when imported, so each run
 * imports it under a new query (a new module instance sharing the one mocked electron).
 */
async function launch(configure: (fake: Fake) => void): Promise<Fake> {
  electronFake.resetElectronFake();
  configure(electronFake);
  launches += 1;
  const entry = `../../../main/shell/main.ts?launch=${launches}`;
  await import(/* @vite-ignore */ entry);
  return electronFake;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  createDeskCore.mockReset();
  createDeskCore.mockReturnValue({
    router: { call: async () => ({ ok: true, value: null }) },
    endCaller: async () => undefined,
    close: () => undefined,
  });
});

describe('main entry', () => {
  it('quits without opening core when the single-instance lock is taken', async () => {
    const fake = await launch((f) => {
      f.app.singleInstanceLock = false;
    });
    fake.app.becomeReady();
    await settle();
    expect(fake.app.quitCalls).toBe(1);
    expect(createDeskCore).not.toHaveBeenCalled();
    expect(fake.BrowserWindow.instances).toEqual([]);
  });

  it("opens desk.db in the app's data folder with the OS keychain, the system clock and the desktop surface", async () => {
    const fake = await launch(() => undefined);
    fake.app.becomeReady();
    await settle();
    expect(fake.dialog.errors).toEqual([]);
    expect(createDeskCore).toHaveBeenCalledTimes(1);
    const options = createDeskCore.mock.calls[0]?.[0];
    expect(options).toMatchObject({
      dbPath: join(fake.app.userData, 'desk.db'),
      keyFile: undefined,
      anchorPath: `${join(fake.app.userData, 'desk.db')}.anchors`,
      surface: 'desktop',
      version: '0.1.0-test',
    });
    expect(options.origin).toMatch(/^console@/);
    expect(Math.abs(options.clock.now().getTime() - Date.now())).toBeLessThan(5_000);
    expect(fake.BrowserWindow.instances[0]?.loadedUrl).toBe('app://desk/index.html');
  });

  it('ignores --demo in a packaged app', async () => {
    process.argv.push('--demo');
    try {
      const fake = await launch((f) => {
        f.app.isPackaged = true;
      });
      fake.app.becomeReady();
      await settle();
      expect(createDeskCore.mock.calls[0]?.[0]).toMatchObject({
        dbPath: join(fake.app.userData, 'desk.db'),
        keyFile: undefined,
      });
      expect(fake.BrowserWindow.instances[0]?.options).toMatchObject({
        webPreferences: { devTools: false },
      });
    } finally {
      process.argv.pop();
    }
  });
});

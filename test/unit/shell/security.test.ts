import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  app,
  BrowserWindow,
  FakeSession,
  FakeWebContents,
  fakeEvent,
  resetElectronFake,
} from '../../fakes/electron.ts';
import { hardenApp, hardenSession } from '../../../main/shell/security.ts';

vi.mock('electron', () => import('../../fakes/electron.ts'));

beforeEach(() => {
  resetElectronFake();
  hardenApp();
});

/** A page created after hardening, as Electron reports every new webContents. */
function newPage(): FakeWebContents {
  return new BrowserWindow({ show: false }).webContents;
}

describe('app hardening', () => {
  it('sandboxes every renderer', () => {
    expect(app.sandboxEnabled).toBe(true);
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview'])(
    'prevents %s, to any URL including the app itself',
    (eventName) => {
      const page = newPage();
      for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://desk/index.html']) {
        const event = fakeEvent();
        page.emit(eventName, event, url);
        expect(event.defaultPrevented, `${eventName} ${url}`).toBe(true);
      }
    },
  );

  it('denies every new window', () => {
    const page = newPage();
    for (const url of ['https://evil.example/', 'app://desk/index.html', 'about:blank']) {
      expect(page.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
  });

  it('hardens pages of any session, not only the default one', () => {
    const other = new FakeSession();
    const page = new FakeWebContents('app://desk/index.html', 'app://desk', other);
    app.emit('web-contents-created', fakeEvent(), page);
    expect(other.permissionCheckHandler?.()).toBe(false);
    const event = fakeEvent();
    page.emit('will-navigate', event, 'https://evil.example/');
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('session hardening', () => {
  const PERMISSIONS = [
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'openExternal',
    'fullscreen',
    'hid',
    'unknown',
  ];

  it('denies every permission request', () => {
    const session = newPage().session;
    for (const permission of PERMISSIONS) {
      const answers: boolean[] = [];
      session.permissionRequestHandler?.({}, permission, (granted) => answers.push(granted));
      expect(answers, permission).toEqual([false]);
    }
  });

  it('answers every permission check and device request with false', () => {
    const session = new FakeSession();
    hardenSession(session as never);
    for (const permission of PERMISSIONS) {
      expect(session.permissionCheckHandler?.(null, permission, 'app://desk', {})).toBe(false);
    }
    expect(session.devicePermissionHandler?.({ deviceType: 'usb', origin: 'app://desk' })).toBe(
      false,
    );
  });
});

/**
 * A fake of the parts of `electron` that main/shell uses, recording what the shell asks of
 * it, for tests that cannot launch Electron. Used as
 *   vi.mock('electron', () => import('../../fakes/electron.ts'));
 * and imported directly by the test to drive and inspect it (the same module instance).
 * It keeps Electron's rules that matter to the shell: schemes are registered as privileged
 * only before 'ready', protocols handled only after, one handler per IPC channel, one key
 * per exposed world API. Call `resetElectronFake()` between tests.
 */
import { EventEmitter } from 'node:events';

/** A cancellable Electron event. */
export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent(): FakeEvent {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

export interface FakeFrame {
  url: string;
  origin: string;
  parent: FakeFrame | null;
  top: FakeFrame | null;
}

/** A frame; give `parent` for a sub-frame. */
export function fakeFrame(url: string, origin: string, parent: FakeFrame | null = null): FakeFrame {
  const frame: FakeFrame = { url, origin, parent, top: null };
  frame.top = parent ? (parent.top ?? parent) : frame;
  return frame;
}

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details?: unknown,
) => void;

export class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | null = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: ((...args: unknown[]) => boolean) | null): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: ((...args: unknown[]) => boolean) | null): void {
    this.devicePermissionHandler = handler;
  }
}

let nextWebContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  session: FakeSession;
  mainFrame: FakeFrame;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  private destroyed = false;

  constructor(
    url = 'app://desk/index.html',
    origin = 'app://desk',
    fakeSessionOf: FakeSession = session.defaultSession,
  ) {
    super();
    this.session = fakeSessionOf;
    this.mainFrame = fakeFrame(url, origin);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Closes the page the way Electron does: 'destroyed' once. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  visible = false;
  focused = false;
  minimized = false;

  readonly options: Record<string, unknown> & { show?: boolean };

  constructor(options: Record<string, unknown> & { show?: boolean }) {
    super();
    this.options = options;
    this.visible = options.show !== false;
    BrowserWindow.instances.push(this);
    app.emit('web-contents-created', fakeEvent(), this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.webContents.isDestroyed();
  }
}

class FakeApp extends EventEmitter {
  /** What requestSingleInstanceLock answers. */
  singleInstanceLock = true;
  isPackaged = false;
  isReadyNow = false;
  sandboxEnabled = false;
  quitCalls = 0;
  exitCode: number | null = null;
  userData = '/tmp/verify-desk-fake-user-data';
  private readyWaiters: (() => void)[] = [];

  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLock;
  }
  enableSandbox(): void {
    if (this.isReadyNow) throw new Error('app.enableSandbox() must be called before ready');
    this.sandboxEnabled = true;
  }
  whenReady(): Promise<void> {
    if (this.isReadyNow) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }
  isReady(): boolean {
    return this.isReadyNow;
  }
  /** Test helper: Electron finished starting. */
  becomeReady(): void {
    this.isReadyNow = true;
    this.emit('ready');
    for (const resolve of this.readyWaiters.splice(0)) resolve();
  }
  quit(): void {
    this.quitCalls += 1;
    const event = fakeEvent();
    this.emit('will-quit', event);
    if (!event.defaultPrevented) this.emit('quit');
  }
  exit(code = 0): void {
    this.exitCode = code;
  }
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`fake app.getPath: ${name} not faked`);
    return this.userData;
  }
  getVersion(): string {
    return '0.1.0-test';
  }
  reset(): void {
    this.removeAllListeners();
    this.singleInstanceLock = true;
    this.isPackaged = false;
    this.isReadyNow = false;
    this.sandboxEnabled = false;
    this.quitCalls = 0;
    this.exitCode = null;
    this.readyWaiters = [];
  }
}

export const app = new FakeApp();

export const session = { defaultSession: new FakeSession() };

export interface PrivilegedScheme {
  scheme: string;
  privileges?: Record<string, boolean>;
}

export const protocol = {
  privileged: [] as PrivilegedScheme[],
  handlers: new Map<string, (request: unknown) => Response | Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: PrivilegedScheme[]): void {
    if (app.isReadyNow)
      throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: unknown) => Response | Promise<Response>): void {
    if (!app.isReadyNow) throw new Error('protocol.handle cannot be called before app is ready');
    if (this.handlers.has(scheme)) throw new Error(`Protocol ${scheme} is already handled`);
    this.handlers.set(scheme, handler);
  },
};

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

export const ipcMain = {
  handlers: new Map<string, InvokeHandler>(),
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
};

class FakeIpcRenderer extends EventEmitter {
  readonly invocations: { channel: string; args: unknown[] }[] = [];
  /** Where invoke goes; a test can connect it to ipcMain's handlers. */
  backend: (channel: string, ...args: unknown[]) => unknown = () => undefined;
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return Promise.resolve(this.backend(channel, ...args));
  }
}

export const ipcRenderer = new FakeIpcRenderer();

export const contextBridge = {
  exposed: {} as Record<string, unknown>,
  exposeInMainWorld(key: string, api: unknown): void {
    if (Object.hasOwn(this.exposed, key))
      throw new Error(
        `Cannot bind an API on top of an existing property on the window object: ${key}`,
      );
    this.exposed[key] = api;
  },
};

class FakePowerMonitor extends EventEmitter {
  idleSeconds = 0;
  getSystemIdleTime(): number {
    return this.idleSeconds;
  }
}

export const powerMonitor = new FakePowerMonitor();

export const dialog = {
  errors: [] as { title: string; content: string }[],
  showErrorBox(title: string, content: string): void {
    this.errors.push({ title, content });
  },
};

/**
 * Electron's main-process Notification: constructed with its options, shown, closed, clicked
 * (by the test: `notification.emit('click')`). Every one made is kept, in order.
 */
export class Notification extends EventEmitter {
  static instances: Notification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return Notification.supported;
  }
  shown = 0;
  closed = false;
  readonly options: { title: string; body?: string };
  constructor(options: { title: string; body?: string }) {
    super();
    this.options = options;
    Notification.instances.push(this);
  }
  show(): void {
    this.shown += 1;
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
  }
}

export function resetElectronFake(): void {
  Notification.instances.length = 0;
  Notification.supported = true;
  app.reset();
  session.defaultSession = new FakeSession();
  protocol.privileged.length = 0;
  protocol.handlers.clear();
  ipcMain.handlers.clear();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invocations.length = 0;
  ipcRenderer.backend = () => undefined;
  contextBridge.exposed = {};
  dialog.errors.length = 0;
  BrowserWindow.instances.length = 0;
  powerMonitor.removeAllListeners();
  powerMonitor.idleSeconds = 0;
}

/**
 * The app's life, in order: one instance only; before 'ready' the app:// scheme and the
 * hardening of every web page; on 'ready' the protocol, main/core, the IPC binding (with
 * the leads' desktop notifications) and the window; on quit, every window's session ended and the database closed cleanly. How
 * main/core is opened is the caller's (main.ts for the app, test-main.ts for e2e).
 */
import { app, dialog, powerMonitor, session, type BrowserWindow } from 'electron';
import { registerAppScheme, serveAppProtocol } from './app-protocol.ts';
import { createDesktopNotices, withDesktopNotices } from './desktop-notice.ts';
import { createDeskIpc, type DeskRouterPort } from './ipc-binding.ts';
import { bringToFront, openConsoleWindow } from './main-window.ts';
import { hardenApp, hardenSession } from './security.ts';

/** What the shell needs of main/core; `DeskCore` from main/core/desk-core.ts fits it. */
export interface DeskCorePort {
  router: DeskRouterPort;
  /** Ends a window's session (window closed). */
  endCaller(callerId: string): Promise<void>;
  /** The OS locked the screen or is suspending. */
  osLocked(): Promise<void>;
  /** Seconds since the operator last used any input device, as the OS reports it. */
  osIdle(seconds: number): Promise<void>;
  close(): void;
}

export interface DeskShellOptions {
  /** Opens main/core; `emit` is how its router pushes an event to a caller's window. */
  openCore(
    emit: (callerId: string, event: string, payload: unknown) => void,
  ): Promise<DeskCorePort>;
  rendererDir: string;
  preload: string;
  devTools: boolean;
  logInternal: (line: string) => void;
}

/** The app's id on Windows: electron-builder.yml's `appId`. */
export const APP_USER_MODEL_ID = 'com.verifydesk.console';

export function startDesk(shell: DeskShellOptions): void {
  if (!app.requestSingleInstanceLock()) {
    // Two consoles on one database and one keychain entry would race; the first one wins.
    app.quit();
    return;
  }
  registerAppScheme();
  hardenApp();
  // Windows shows a desktop notification only for an app with this id (electron-builder.yml's
  // appId, which the installer's shortcut carries too).
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  let core: DeskCorePort | null = null;
  let consoleWindow: BrowserWindow | null = null;
  const endingSessions = new Set<Promise<void>>();

  const ipc = createDeskIpc({
    logInternal: shell.logInternal,
    onCallerGone(callerId) {
      if (!core) return;
      const ending: Promise<void> = core
        .endCaller(callerId)
        .catch(() => shell.logInternal("session: ending a closed window's session failed"))
        .finally(() => endingSessions.delete(ending));
      endingSessions.add(ending);
    },
  });

  app.on('second-instance', () => {
    if (consoleWindow) bringToFront(consoleWindow);
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    const open = core;
    if (!open) return;
    // Hold the quit until closed windows have signed out, then close the database once.
    event.preventDefault();
    core = null;
    void Promise.allSettled([...endingSessions]).then(() => {
      try {
        open.close();
      } finally {
        app.quit();
      }
    });
  });

  app
    .whenReady()
    .then(async () => {
      hardenSession(session.defaultSession);
      serveAppProtocol(shell.rendererDir);
      core = await shell.openCore(ipc.emit);
      // A lead's desktop notification: clicking it brings the console forward, and the
      // window opens the tray (or the queue) on the event.
      ipc.bind(
        withDesktopNotices(core.router, createDesktopNotices(), (callerId, about) => {
          if (consoleWindow) bringToFront(consoleWindow);
          ipc.emit(callerId, 'alerts.noticeOpened', { about });
        }),
      );
      watchOperatorPresence(() => core, shell.logInternal);
      consoleWindow = openConsoleWindow(
        { preload: shell.preload, devTools: shell.devTools },
        shell.logInternal,
      );
    })
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      dialog.showErrorBox('Verify Desk could not start', message);
      try {
        core?.close();
      } finally {
        core = null;
        app.exit(1);
      }
    });
}

/** How often the OS idle time is read: well inside the 15-minute idle lock. */
export const OS_IDLE_POLL_MS = 30_000;

/**
 * Idle is measured from input in the console (the renderer) and, here, from the OS: a locked
 * screen or a suspend locks every session at once, and so does OS idle time past the policy.
 */
function watchOperatorPresence(
  core: () => DeskCorePort | null,
  logInternal: (line: string) => void,
): void {
  const report = (what: string) => (error: unknown) => {
    void error;
    logInternal(`session: locking on ${what} failed`);
  };
  const lockNow = (what: string) => () => void core()?.osLocked().catch(report(what));
  powerMonitor.on('lock-screen', lockNow('lock-screen'));
  powerMonitor.on('suspend', lockNow('suspend'));
  const timer = setInterval(() => {
    void core()?.osIdle(powerMonitor.getSystemIdleTime()).catch(report('os idle'));
  }, OS_IDLE_POLL_MS);
  timer.unref();
}

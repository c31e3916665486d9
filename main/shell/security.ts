/**
 * Hardening every web page the app could ever host (Electron security checklist; DESIGN.md
 * invariant 6). The console is one page loaded by main: it never needs to navigate, redirect,
 * open a window, attach a webview or use a browser permission, so all of it is refused —
 * there is no allow-list to get wrong. Nothing is ever opened externally either: the app has
 * no `shell.openExternal` anywhere.
 */
import { app, type Session, type WebContents } from 'electron';

/**
 * Call before 'ready'. `app.enableSandbox()` sandboxes every renderer, whatever its
 * webPreferences say, so a window created by mistake without `sandbox: true` is still boxed.
 */
export function hardenApp(): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}

export function hardenWebContents(contents: WebContents): void {
  const prevent = (event: { preventDefault(): void }) => event.preventDefault();
  // will-navigate covers the main frame, will-frame-navigate every frame.
  contents.on('will-navigate', prevent);
  contents.on('will-frame-navigate', prevent);
  contents.on('will-redirect', prevent);
  contents.on('will-attach-webview', prevent);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  hardenSession(contents.session);
}

const hardened = new WeakSet<Session>();

/** Denies every permission request and answers every permission check with "no". */
export function hardenSession(session: Session): void {
  if (hardened.has(session)) return;
  hardened.add(session);
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  // HID, serial and USB devices ask through this handler, not the permission handlers.
  session.setDevicePermissionHandler(() => false);
}

/**
 * The console's one window: secure options, the app:// entry page, shown only when painted.
 */
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-origin.ts';
import { deskWindowOptions, type DeskWindowSettings } from './window-options.ts';

export function openConsoleWindow(
  settings: DeskWindowSettings,
  logInternal: (line: string) => void,
): BrowserWindow {
  const window = new BrowserWindow(deskWindowOptions(settings));
  window.once('ready-to-show', () => window.show());
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    logInternal(
      `window: the console page did not load (${error instanceof Error ? error.message : String(error)})`,
    );
  });
  return window;
}

/** A second launch brings the running console forward instead of opening another one. */
export function bringToFront(window: BrowserWindow): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

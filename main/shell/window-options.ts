/**
 * The console window's options, in one place so a test can check every security flag.
 * The renderer is untrusted by design (DESIGN.md, invariant 6): it runs sandboxed and
 * context-isolated, without Node anywhere (page, workers, sub-frames), and reaches main only
 * through the preload's `window.desk`.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export interface DeskWindowSettings {
  /** Absolute path of the bundled (CommonJS) preload script. */
  preload: string;
  /** DevTools only where a developer runs the app unpackaged. */
  devTools: boolean;
}

/** Matches the console's page background, so the window never flashes white or black. */
const BACKGROUND = '#f4f5f7';

export function deskWindowOptions(settings: DeskWindowSettings): BrowserWindowConstructorOptions {
  return {
    title: 'Verify Desk',
    width: 1280,
    height: 800,
    // The workspace shows verification, contacts and history side by side; below this it
    // would have to hide what an agent needs during a call.
    minWidth: 1024,
    minHeight: 640,
    backgroundColor: BACKGROUND,
    // Shown on 'ready-to-show' so the agent never sees a half-painted console.
    show: false,
    webPreferences: {
      preload: settings.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      enableWebSQL: false,
      plugins: false,
      // Spellcheck sends typed words to a dictionary service; typed words here may be a
      // caller's date of birth or postcode.
      spellcheck: false,
      // A file dropped on the window must not replace the console with that file.
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: settings.devTools,
    },
  };
}

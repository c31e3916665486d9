/**
 * The app:// scheme the console is served from (DESIGN.md, "Same origin everywhere"): a
 * real origin with the privileges a web page needs, and no more, instead of file://.
 */
import { protocol } from 'electron';
import { APP_SCHEME } from './app-origin.ts';
import { createRendererFileHandler } from './renderer-files.ts';

/**
 * Must run before the app's 'ready' event (Electron accepts it once, before ready).
 * - standard: relative URLs, a tuple origin (`app://desk`), storage for UI preferences;
 * - secure: a secure context, like https;
 * - supportFetchAPI: the page may fetch its own files.
 * Deliberately not set: bypassCSP (the meta CSP must apply), corsEnabled (it lets other
 * origins read the scheme's responses, it does not police them), allowServiceWorkers,
 * stream, codeCache.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        bypassCSP: false,
        corsEnabled: false,
        allowServiceWorkers: false,
        stream: false,
        codeCache: false,
      },
    },
  ]);
}

/** After 'ready': answers app:// requests from the built renderer folder only. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createRendererFileHandler(rendererDir));
}

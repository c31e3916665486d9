/**
 * Where the renderer lives: one privileged custom scheme and one host, so the page has a
 * real, stable origin (`app://desk`) instead of `file://`, and every trust decision in the
 * shell (IPC senders, protocol requests, events) compares against this one value.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Whether a URL belongs to the app's origin. Compared by parts, not by `URL.origin`: the
 * WHATWG parser gives every non-special scheme (such as `app:`) the opaque origin "null".
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

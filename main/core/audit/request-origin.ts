/**
 * Where a request came from, for the audit trail (PCI DSS 10.2.2 origin), when one process
 * serves many consoles: the desk server runs each request inside `withRequestOrigin`, and
 * every audit entry that request appends names the console's host and peer address instead
 * of the process's own origin. Outside a request (a console's own core, desk-admin) the
 * origin the store passed stands.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<string>();

export function withRequestOrigin<T>(origin: string, run: () => T): T {
  return current.run(origin, run);
}

/** The request's origin when inside one, otherwise the origin the caller gave. */
export function requestOrigin(fallback: string): string {
  return current.getStore() ?? fallback;
}

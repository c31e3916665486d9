/**
 * The call each window has open, in main (like the session): verification and contact
 * checks belong to the call, and a request naming another card than the open one is refused.
 */
import type { CallRecord } from './call-store.ts';

export interface OpenCall {
  call: CallRecord;
  cardPublicId: string;
  cardholderId: number;
}

export interface CallRegistry {
  get(callerId: string): OpenCall | null;
  set(callerId: string, open: OpenCall): void;
  clear(callerId: string): OpenCall | null;
}

export interface CallRegistryOptions {
  /** The calls a restarted desk server had open (session-store.ts). */
  restored?: Iterable<[string, OpenCall]>;
  /** Told of every change, to keep it across restarts. */
  onChange?: (callerId: string, open: OpenCall | null) => void;
}

export function createCallRegistry(options: CallRegistryOptions = {}): CallRegistry {
  const calls = new Map<string, OpenCall>(options.restored ?? []);
  return {
    get: (callerId) => calls.get(callerId) ?? null,
    set(callerId, open) {
      calls.set(callerId, open);
      options.onChange?.(callerId, open);
    },
    clear(callerId) {
      const open = calls.get(callerId) ?? null;
      calls.delete(callerId);
      if (open) options.onChange?.(callerId, null);
      return open;
    },
  };
}

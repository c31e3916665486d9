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

export function createCallRegistry(): CallRegistry {
  const calls = new Map<string, OpenCall>();
  return {
    get: (callerId) => calls.get(callerId) ?? null,
    set: (callerId, open) => void calls.set(callerId, open),
    clear(callerId) {
      const open = calls.get(callerId) ?? null;
      calls.delete(callerId);
      return open;
    },
  };
}

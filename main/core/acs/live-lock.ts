/**
 * The lock as fresh as it can be had: opening a card (and deciding a reset) asks the ACS with
 * a short timeout; when it does not answer, the last state read from it (or the console's own
 * record) is used instead, and said: the header reads "live from the ACS, 10:02:13" or "ACS
 * not answering — last known state as of 09:58", and a reset decided on it is still recorded
 * and queued (the ACS refuses it with lock-changed if the lock moved meanwhile).
 */
import type { LockSource } from '../../../shared/lockout/lockout-codes.ts';
import { AcsError } from './acs-errors.ts';
import type { AcsGateway, AcsLockState, AcsReset } from './acs-gateway.ts';

/** How long opening a card waits for the ACS before showing the last known state. */
export const LIVE_READ_TIMEOUT_MS = 1_500;

export interface FreshLock {
  lock: AcsLockState;
  /** When the state shown was read (now, for the embedded ACS and a live read). */
  asOf: Date;
  source: LockSource;
}

/**
 * The ACS gave no answer (unreachable, too slow, 5xx, the breaker is open, or it was not asked
 * because what names it fails its seal): only then is the last known state shown instead. An answer that refuses the request (401, an unknown
 * card, a reply outside the contract) is an error to show, never a reason to judge on
 * the console's own record.
 */
export function notAnswering(error: unknown): boolean {
  return error instanceof AcsError && NO_ANSWER.has(error.kind);
}
const NO_ANSWER = new Set<AcsError['kind']>([
  'unreachable',
  'timeout',
  'unavailable',
  'circuit-open',
  'altered',
]);

export async function freshLock(acs: AcsGateway, cardId: number, now: Date): Promise<FreshLock> {
  if (acs.kind === 'embedded') {
    const state = await acs.readState(cardId, now);
    return { lock: state.lock, asOf: state.asOf, source: 'embedded' };
  }
  try {
    const state = await acs.readState(cardId, now, { timeoutMs: LIVE_READ_TIMEOUT_MS });
    return { lock: state.lock, asOf: state.asOf, source: 'live' };
  } catch (error) {
    if (!notAnswering(error) || !acs.lastKnown) throw error;
    const known = await acs.lastKnown(cardId, now);
    return known.asOf
      ? { lock: known.lock, asOf: known.asOf, source: 'last-known' }
      : { lock: known.lock, asOf: now, source: 'local-record' };
  }
}

/**
 * The lock a list of search results shows: what is known here (the embedded ACS's record, or
 * the last state read from the network ACS), never one call to the ACS per row — a page
 * holds up to 20 cards, and opening the card reads the live lock.
 */
export async function knownLock(acs: AcsGateway, cardId: number, now: Date): Promise<AcsLockState> {
  if (acs.kind !== 'embedded' && acs.lastKnown) return (await acs.lastKnown(cardId, now)).lock;
  return (await acs.readState(cardId, now)).lock;
}

export async function freshResets(acs: AcsGateway, cardId: number): Promise<AcsReset[]> {
  if (acs.kind === 'embedded') return acs.readResets(cardId);
  try {
    return await acs.readResets(cardId, { timeoutMs: LIVE_READ_TIMEOUT_MS });
  } catch (error) {
    if (!notAnswering(error) || !acs.lastKnownResets) throw error;
    return acs.lastKnownResets(cardId);
  }
}

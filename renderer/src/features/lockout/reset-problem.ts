/**
 * Why a reset did not clear the lock, as words an agent can repeat: the router records the
 * ACS's refusal reason (`lock-changed`, `fraud-hold`, …) or the class of the failure (the ACS
 * did not answer, or did not accept the request). The screen never shows those codes raw.
 */

import {
  RESET_WITHHELD_FOR_FRAUD,
  RESET_WITHHELD_REQUESTER_DISABLED,
} from '../../../../shared/lockout/lockout-codes.ts';

/** A send that failed because the ACS did not answer (not because it said anything). */
export const ACS_UNANSWERED_FAILURES: ReadonlySet<string> = new Set([
  'AcsUnreachableError',
  'AcsTimeoutError',
  'AcsUnavailableError',
  'AcsCircuitOpenError',
]);

export const RESET_PROBLEMS = [
  'no-answer',
  'not-accepted',
  'lock-changed',
  'fraud-hold',
  'fraud-suspected',
  'card-closed',
  'policy',
  'other',
] as const;
export type ResetProblem = (typeof RESET_PROBLEMS)[number];

const NOT_ACCEPTED = new Set([
  'AcsRejectedError',
  'AcsUnknownCardError',
  'AcsProtocolError',
  'AcsNotConfiguredError',
  'AcsCardRefError',
]);
const REFUSALS = new Set<string>(['lock-changed', 'fraud-hold', 'card-closed', 'policy']);

/** Not the ACS's word: the console itself did not send the reset (fraud suspected by then). */
export const WITHHELD_FOR_FRAUD: string = RESET_WITHHELD_FOR_FRAUD;

/**
 * A refused reset the console itself did not send, as the state's own words: fraud suspected
 * by then, or the operator who asked for it disabled since. Null: the ACS's refusal.
 */
export function withheldState(
  lastError: string | null,
): 'withheld-fraud' | 'withheld-requester' | null {
  if (lastError === RESET_WITHHELD_FOR_FRAUD) return 'withheld-fraud';
  if (lastError === RESET_WITHHELD_REQUESTER_DISABLED) return 'withheld-requester';
  return null;
}

export function resetProblem(lastError: string | null): ResetProblem {
  if (lastError === null) return 'other';
  if (ACS_UNANSWERED_FAILURES.has(lastError)) return 'no-answer';
  if (NOT_ACCEPTED.has(lastError)) return 'not-accepted';
  if (REFUSALS.has(lastError) || lastError === WITHHELD_FOR_FRAUD) return lastError as ResetProblem;
  return 'other';
}

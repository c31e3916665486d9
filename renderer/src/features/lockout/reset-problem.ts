/**
 * Why a reset did not clear the lock, as words an agent can repeat: the router records the
 * ACS's refusal reason (`lock-changed`, `fraud-hold`, …) or the class of the failure (the ACS
 * did not answer, or did not accept the request). The screen never shows those codes raw.
 */

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

export function resetProblem(lastError: string | null): ResetProblem {
  if (lastError === null) return 'other';
  if (ACS_UNANSWERED_FAILURES.has(lastError)) return 'no-answer';
  if (NOT_ACCEPTED.has(lastError)) return 'not-accepted';
  if (REFUSALS.has(lastError)) return lastError as ResetProblem;
  return 'other';
}

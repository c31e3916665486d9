/** A send that failed because the ACS did not answer (not because it said anything). */
export const ACS_UNANSWERED_FAILURES: ReadonlySet<string> = new Set([
  'AcsUnreachableError',
  'AcsTimeoutError',
  'AcsUnavailableError',
  'AcsCircuitOpenError',
]);

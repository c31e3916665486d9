/**
 * How far ahead of the import's clock an "as of" time may be (clocks drift; NTP): a record
 * later than that is refused, and a row that says so was written outside the importer.
 */
export const AS_OF_SKEW_MS = 5 * 60_000;

/** Whether an as-of time held in a row lies beyond the import's clock (or is no time at all). */
export function asOfAhead(asOf: string, now: Date): boolean {
  const at = Date.parse(asOf);
  return Number.isNaN(at) || at > now.getTime() + AS_OF_SKEW_MS;
}

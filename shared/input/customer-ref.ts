/**
 * Customer references as callers read them from a letter: CR followed by eight digits
 * (CR00112345), said in any case, with spaces or hyphens between groups, sometimes typed
 * full-width. Normalised to the printed form so an exact lookup finds it.
 */

/** "cr-001 12345" → "CR00112345"; null when it is not a customer reference. */
export function normaliseCustomerRef(input: string): string | null {
  const text = input
    .normalize('NFKC')
    .trim()
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—―−]+/gu, '');
  return /^CR\d{8}$/u.test(text) ? text : null;
}

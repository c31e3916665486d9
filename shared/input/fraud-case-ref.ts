/**
 * The fraud team's case reference, as the fraud team reads it out when it takes a transferred
 * call: FR, a hyphen and six digits (FR-123456). Typed in any case, with or without the
 * hyphen or spaces, sometimes full-width; stored in the printed form. Its own structured
 * field, never free text: anything else is refused, so no card number, phone number or note
 * can pass as a case reference.
 */
export const FRAUD_CASE_REF_EXAMPLE = 'FR-123456';

/** "fr 123456" → "FR-123456"; null when it is not a fraud case reference. */
export function normaliseFraudCaseRef(input: string): string | null {
  const text = input
    .normalize('NFKC')
    .trim()
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—―−]+/gu, '');
  const match = /^FR(\d{6})$/u.exec(text);
  return match ? `FR-${match[1]!}` : null;
}

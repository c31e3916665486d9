/**
 * External ids and ACS card references shaped like a card number, a phone number or an
 * email address are refused: an issuer that keys its records by card number or mobile would
 * otherwise make the upsert key — kept in clear, shown in the quarantine report — a clear
 * PAN or contact. Free fields (names, merchant names, carriers) cannot hold one already:
 * their schemas allow no @ and no run of digits.
 */

/** A run of digits, possibly led by + and split by spaces, dashes, dots or colons. */
const DIGIT_RUN = /\+?\d(?:[\s\-‐‑‒–—―−－.:_]*\d)*/gu;

/** Printable ASCII (NFKC leaves it as it is) with fewer than ten digits: no number fits. */
const PLAINLY_SHORT = /^(?:[\x20-\x2f\x3a-\x3f\x41-\x7e]*\d){0,9}[\x20-\x2f\x3a-\x3f\x41-\x7e]*$/u;

export function isSensitiveIdentifier(value: string): boolean {
  if (PLAINLY_SHORT.test(value)) return false;
  const text = value.normalize('NFKC');
  if (/@/u.test(text)) return true;
  for (const match of text.matchAll(DIGIT_RUN)) {
    const digits = match[0].replace(/[^\d]/gu, '');
    // 12 or more digits: a card number (or most of one), whatever surrounds it.
    if (digits.length >= 12) return true;
    // 10 or 11 digits led by + or a trunk 0: a phone number (0312345678, 090-1234-5678).
    if (digits.length >= 10 && /^[+0]/u.test(match[0])) return true;
  }
  return false;
}

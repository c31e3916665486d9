/**
 * Japanese postcodes as agents type them: 100-0001, 1000001, 〒100-0001, full-width digits
 * and hyphens, spaces around. Stored and compared as the seven digits alone, so the hyphen
 * and the 〒 mark (also the circled 〶, which NFKC folds to 〒) never decide a match.
 */

/** The seven digits of a Japanese postcode, or null. */
export function normalisePostcode(input: string): string | null {
  const text = input
    .normalize('NFKC')
    .trim()
    .replace(/^〒\s*/u, '');
  const match = /^(\d{3})(?:\s*[-‐‑‒–—―−]\s*|\s?)(\d{4})$/u.exec(text);
  return match ? `${match[1]}${match[2]}` : null;
}

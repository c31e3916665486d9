/**
 * Email addresses as agents type them: trimmed, NFKC (full-width ＠ and letters), lower case
 * throughout. The whole address is folded, local part too: strictly the local part is
 * case-sensitive, but no mail provider a cardholder uses treats it so, and one form means
 * one keyed hash. The check is deliberately loose — one @, something before it, a dotted
 * domain, no spaces — because the address is only ever compared, never sent to.
 * The mask shows the first character and the domain: enough to recognise, too little to use.
 */

/** The address in the one form its keyed hash is made from, or null when it is not one. */
export function normaliseEmail(input: string): string | null {
  const text = input.normalize('NFKC').trim().toLowerCase();
  if (/\s/u.test(text)) return null;
  const parts = text.split('@');
  if (parts.length !== 2) return null;
  const [local = '', domain = ''] = parts;
  if (local === '' || !/^[^.]+(\.[^.]+)+$/u.test(domain)) return null;
  return text;
}

/** "t•••@example.jp": the first character of the local part, three bullets, the domain. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const domain = email.slice(at + 1);
  if (at < 1 || domain === '' || /[\s@]/u.test(domain)) {
    throw new RangeError('not an email address');
  }
  // Whole code points, so an emoji is not cut in half; a bullet or space is not shown.
  const first = Array.from(email.slice(0, at))[0] ?? '';
  return `${/^[^\s@•]$/u.test(first) ? first : ''}•••@${domain}`;
}

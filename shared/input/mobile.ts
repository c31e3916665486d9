/**
 * Phone numbers as callers say them — 090-1234-5678, 09012345678, (090) 1234-5678,
 * +81 90 1234 5678, full-width — normalised to E.164 (+819012345678), the one form the keyed
 * hash is made from, so every spelling of a number finds the same cardholder. A number
 * without a country code is read as Japanese; one with a + may be from anywhere.
 *
 * libphonenumber-js/min is the package's default and smallest metadata (83 kB of JSON against
 * 99 kB for /mobile and 157 kB for /max). It has no per-type patterns, so it cannot tell a
 * mobile from a landline, and for Japan it takes any 9- or 10-digit national number: the
 * fixed length of 070/080/090 numbers is checked here instead. That is enough for a search
 * key. Abroad only the length is checked: numbers reserved for drama and examples, which
 * the demo uses (+44 7700 900123), are invalid in every metadata but possible.
 */
import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/min';

/** Digits and the punctuation typed between groups; a + only at the start. */
const PHONE_TEXT = /^\+?[\d\s().\-‐‑‒–—―−]+$/u;

/** E.164 for a plausible phone number (Japanese unless it starts with +), or null. */
export function normaliseMobile(input: string): string | null {
  const text = input.normalize('NFKC').trim();
  if (!PHONE_TEXT.test(text) || !/\d/u.test(text)) return null;
  // Written without +, a Japanese number starts with its trunk 0 (or the 010 prefix).
  if (!text.startsWith('+') && !/^\(?0/u.test(text)) return null;
  const parsed = parsePhoneNumberFromString(text.replace(/[‐‑‒–—―−]/gu, '-'), 'JP');
  if (!parsed) return null;
  if (parsed.countryCallingCode !== '81') return parsed.isPossible() ? parsed.number : null;
  return parsed.isValid() && fullLength(parsed.nationalNumber) ? parsed.number : null;
}

/** 060/070/080/090 numbers (mobiles, 0800 free dial) have 11 digits: 090-1234-567 is a typo. */
function fullLength(national: string): boolean {
  return !/^[6789]0/u.test(national) || national.length === 10;
}

/** What a masked number looks like: the country code, bullets, the last two digits. */
const MASKED = /^\+\d{1,3} [• ]+\d{2}$/u;

/** "+81 •• •••• ••78": the country code and the last two digits, grouped as it is read. */
export function maskPhone(e164: string): string {
  const parsed = /^\+\d{4,15}$/u.test(e164) ? parsePhoneNumberFromString(e164) : undefined;
  if (!parsed || parsed.nationalNumber.length < 3) {
    throw new RangeError('not an E.164 phone number');
  }
  const prefix = `+${parsed.countryCallingCode} `;
  const grouped = `${prefix}${hideDigits(groupsOf(parsed))}`;
  if (MASKED.test(grouped)) return grouped;
  return `${prefix}${hideDigits(fallbackGroups(parsed.nationalNumber))}`;
}

/** The national number grouped as its international format writes it, e.g. "90 1234 5678". */
function groupsOf(parsed: PhoneNumber): string {
  const international = parsed.formatInternational();
  const prefix = `+${parsed.countryCallingCode}`;
  if (!international.startsWith(prefix)) return fallbackGroups(parsed.nationalNumber);
  const groups = international
    .slice(prefix.length)
    .split(/\D+/u)
    .filter((group) => group !== '');
  // Ungrouped (the metadata has no format for it) or not the same digits: use 2/4/4.
  if (groups.length < 2 || groups.join('') !== parsed.nationalNumber) {
    return fallbackGroups(parsed.nationalNumber);
  }
  return groups.join(' ');
}

/** Groups of 2, 4 and the rest, as Japanese mobile numbers are read (90 1234 5678). */
function fallbackGroups(national: string): string {
  const groups = [national.slice(0, 2), national.slice(2, 6), national.slice(6)];
  // The last two digits stay together: "12 3456 7" is written "12 34567".
  while (groups.length > 1 && (groups.at(-1)?.length ?? 0) < 2) {
    const last = groups.pop() ?? '';
    groups.push(`${groups.pop() ?? ''}${last}`);
  }
  return groups.filter((group) => group !== '').join(' ');
}

/** Every digit but the last two becomes a bullet; the spaces stay. */
function hideDigits(grouped: string): string {
  const total = grouped.replace(/\D/gu, '').length;
  let seen = 0;
  return grouped.replace(/\d/gu, (digit) => (++seen > total - 2 ? digit : '•'));
}

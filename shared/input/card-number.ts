/**
 * A card number as an agent types what the caller reads out: spaces, dashes and full-width
 * digits are fine. The number is explained before any search — no brand starts like this,
 * wrong length for the brand, check digit wrong — so a mistyped digit is caught at once
 * instead of ending in "no card found". The checks run in that order, so the agent hears the
 * most useful reason: a VISA number one digit short is a length problem, not a Luhn one.
 * The katakana long-vowel mark ー looks like a dash but is not one: it is rejected.
 */
import { brandOf, type Brand } from '../cards/brands.ts';
import { luhnValid } from '../cards/luhn.ts';

/** Why a typed card number is not one, in the order the checks run. */
export const CARD_NUMBER_PROBLEMS = [
  'empty',
  'not-digits',
  'unknown-brand',
  'length',
  'luhn',
] as const;
export type CardNumberProblem = (typeof CARD_NUMBER_PROBLEMS)[number];

export type CardNumberCheck =
  | { ok: true; digits: string; brand: Brand }
  | {
      ok: false;
      problem: CardNumberProblem;
      brand: Brand | null;
      lengths: readonly number[];
    };

/** Spaces and the dashes people type between groups (ASCII, full-width, Unicode dashes). */
const SEPARATORS = /[\s\-‐‑‒–—―−－]+/gu;

/** NFKC (full-width digits) without the separators between groups. */
function compact(input: string): string {
  return input.normalize('NFKC').replace(SEPARATORS, '');
}

/** The digits and brand of a typed card number, or the first reason it is not one. */
export function parseCardNumber(input: string): CardNumberCheck {
  const digits = compact(input);
  if (digits === '') return { ok: false, problem: 'empty', brand: null, lengths: [] };
  if (!/^\d+$/u.test(digits)) {
    return { ok: false, problem: 'not-digits', brand: null, lengths: [] };
  }
  const match = brandOf(digits);
  if (!match) return { ok: false, problem: 'unknown-brand', brand: null, lengths: [] };
  if (!match.lengths.includes(digits.length)) {
    return { ok: false, problem: 'length', brand: match.brand, lengths: match.lengths };
  }
  if (!luhnValid(digits)) {
    return { ok: false, problem: 'luhn', brand: match.brand, lengths: match.lengths };
  }
  return { ok: true, digits, brand: match.brand };
}

/** Twelve or more digits once separators are gone: the agent probably typed a card number. */
export function looksLikeCardNumber(input: string): boolean {
  return /^\d{12,}$/u.test(compact(input));
}

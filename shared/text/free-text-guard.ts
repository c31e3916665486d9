/**
 * The check every free-text note passes before it is stored. A note must not hold a card
 * number (PCI DSS 3.3–3.5: the console never stores a full PAN), a one-time code (the console
 * never holds one), an email address or a phone number (contacts live only as keyed hashes).
 *
 * The renderer runs it as the agent types, to say at once what to remove; main runs it again
 * before storing, so a note that slips past the screen is still refused.
 *
 * Text is NFKC-normalised first, so full-width digits and ＠ count like their ASCII forms.
 * What counts:
 * - card number: 12–19 digits, in groups separated by a space or a dash, that pass Luhn;
 * - code: 4–8 digits within a few characters of a code word (code, passcode, OTP, PIN,
 *   認証コード, ワンタイムパスワード, …), unless they read as a time, date, year or amount;
 * - email: something@domain.tld;
 * - phone: a number starting with + or a trunk 0 that libphonenumber finds possible.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { luhnValid } from '../cards/luhn.ts';

export type FreeTextProblem = 'card-number' | 'code' | 'email' | 'phone' | 'too-long';

export const NOTE_MAX_LENGTH = 1000;

export type FreeTextCheck = { ok: true; text: string } | { ok: false; problems: FreeTextProblem[] };

/** How far (in characters) a code word may be from the digits it names. */
const CODE_WORD_REACH = 24;

/** Digit groups joined by one separator: a space, a dash of any kind, or a dot. */
const DIGIT_RUN = /\d+(?:[ \-‐‑‒–—―−.]\d+)*/gu;
const GROUP_SEPARATOR = /[ \-‐‑‒–—―−.]/u;

const CODE_WORDS =
  /\b(?:one[- ]?time (?:pass(?:word|code)|code)|pass ?code|verification code|security code|otp|pin|code)s?\b|認証コード|確認コード|承認コード|ワンタイムパスワード|ワンタイムコード|パスコード|パスワード|暗証番号|コード/giu;

/** Characters that make the digits before them a time, date, year, age or amount. */
const UNIT_AFTER =
  /^\s?(?:[時分秒年月日歳円%]|yen|jpy|usd|eur|gbp|am|pm|h\b|min|sec|minutes?|hours?|days?)/iu;
/** Characters that make the digits after them an amount or a time. */
const UNIT_BEFORE = /(?:[¥$€£]|jpy|usd|eur)\s?$/iu;

const EMAIL = /[^\s@<>()[\]{},;:"'、。]+@[^\s@<>()[\]{},;:"'、。]+\.[a-z]{2,}/iu;

/** A phone number as written: + or a trunk 0, then digits and the punctuation between them. */
const PHONE_CANDIDATE = /(?:\+|\(?0)[\d ().\-‐‑‒–—―−]{7,}\d/gu;

interface Span {
  start: number;
  end: number;
}

export function freeTextProblems(input: string): FreeTextProblem[] {
  const text = input.normalize('NFKC');
  const problems: FreeTextProblem[] = [];
  const cardSpans = cardNumberSpans(text);
  if (cardSpans.length > 0) problems.push('card-number');
  if (hasCode(text, cardSpans)) problems.push('code');
  if (EMAIL.test(text)) problems.push('email');
  if (hasPhone(text, cardSpans)) problems.push('phone');
  if (text.trim().length > NOTE_MAX_LENGTH) problems.push('too-long');
  return problems;
}

const PROBLEM_WORDS: Record<FreeTextProblem, string> = {
  'card-number': 'a card number',
  code: 'what looks like a one-time code',
  email: 'an email address',
  phone: 'a phone number',
  'too-long': `more than ${NOTE_MAX_LENGTH} characters`,
};

/** The router's refusal of a note, naming what to remove (the screen translates by code). */
export function describeFreeTextProblems(problems: readonly FreeTextProblem[]): string {
  return `The note holds ${problems.map((p) => PROBLEM_WORDS[p]).join(', ')}. Change it and try again.`;
}

/** The trimmed note, normalised as stored, or every problem found in it. */
export function checkFreeText(input: string): FreeTextCheck {
  const problems = freeTextProblems(input);
  return problems.length === 0
    ? { ok: true, text: input.normalize('NFKC').trim() }
    : { ok: false, problems };
}

/**
 * Where a card number sits: any sequence of adjacent digit groups holding 12–19 digits that
 * passes Luhn, so "4111 1111 1111 1111 12/29" is still caught with the expiry after it.
 */
function cardNumberSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const run of text.matchAll(DIGIT_RUN)) {
    const groups = groupsOf(run[0], run.index);
    for (let first = 0; first < groups.length; first++) {
      let digits = '';
      for (let last = first; last < groups.length; last++) {
        digits += groups[last]!.digits;
        if (digits.length > 19) break;
        if (digits.length >= 12 && luhnValid(digits)) {
          spans.push({ start: groups[first]!.start, end: groups[last]!.end });
        }
      }
    }
  }
  return spans;
}

function groupsOf(run: string, offset: number): { digits: string; start: number; end: number }[] {
  const groups: { digits: string; start: number; end: number }[] = [];
  let start = 0;
  for (const part of run.split(GROUP_SEPARATOR)) {
    groups.push({ digits: part, start: offset + start, end: offset + start + part.length });
    start += part.length + 1;
  }
  return groups;
}

/** 4–8 digits (in one or more groups) near a code word, that are not a time, date or amount. */
function hasCode(text: string, cardSpans: readonly Span[]): boolean {
  const words = [...text.matchAll(CODE_WORDS)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));
  if (words.length === 0) return false;
  for (const run of text.matchAll(DIGIT_RUN)) {
    const span = { start: run.index, end: run.index + run[0].length };
    if (cardSpans.some((card) => overlaps(card, span))) continue;
    const digits = run[0].replace(/\D/gu, '');
    if (digits.length < 4 || digits.length > 8) continue;
    if (readsAsQuantity(text, span, run[0])) continue;
    // Digits glued to Latin letters are an identifier (CR12345678, INC0012345), not a code.
    if (/[A-Za-z]/u.test(text[span.start - 1] ?? '') || /[A-Za-z]/u.test(text[span.end] ?? '')) {
      continue;
    }
    const near = words.some(
      (word) =>
        sameSentence(text, word, span) &&
        (Math.abs(span.start - word.end) <= CODE_WORD_REACH ||
          Math.abs(word.start - span.end) <= CODE_WORD_REACH),
    );
    if (near) return true;
  }
  return false;
}

/**
 * A date, year, amount or anything with a unit: 2026-11-25, ¥12000, 3000円, 1430時. (A time
 * written 14:05 never gets here: the colon splits it into two-digit runs.)
 */
function readsAsQuantity(text: string, span: Span, run: string): boolean {
  if (UNIT_AFTER.test(text.slice(span.end, span.end + 8))) return true;
  if (UNIT_BEFORE.test(text.slice(Math.max(0, span.start - 5), span.start))) return true;
  // Thousands separators: "12,000".
  if (/^,\d{3}/u.test(text.slice(span.end)) || /\d,$/u.test(text.slice(0, span.start))) return true;
  // Dates written with separators: 2026-11-25, 2026.11.25, 25-11-2026 — or 20261125.
  if (
    /^(?:(?:19|20)\d{2}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}[-.]\d{1,2}[-.](?:19|20)\d{2})$/u.test(run)
  ) {
    return true;
  }
  if (/^(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/u.test(run)) return true;
  // A slash joins dates (2026/11/25, 11/25) and fractions, never a code.
  return text[span.end] === '/' || text[span.start - 1] === '/';
}

function sameSentence(text: string, a: Span, b: Span): boolean {
  const from = Math.min(a.start, b.start);
  const to = Math.max(a.end, b.end);
  return !/[。!?！？\n]|\.\s/u.test(text.slice(from, to));
}

function hasPhone(text: string, cardSpans: readonly Span[]): boolean {
  for (const match of text.matchAll(PHONE_CANDIDATE)) {
    const span = { start: match.index, end: match.index + match[0].length };
    if (cardSpans.some((card) => overlaps(card, span))) continue;
    // Not the tail of a longer number or word: "A0123456789" is a reference, not a phone.
    if (/[A-Za-z\d]/u.test(text[span.start - 1] ?? '')) continue;
    const digits = match[0].replace(/\D/gu, '');
    if (digits.length < 10 || digits.length > 15) continue;
    const candidate = match[0].replace(/[‐‑‒–—―−]/gu, '-');
    const parsed = parsePhoneNumberFromString(candidate, 'JP');
    if (parsed?.isPossible()) return true;
  }
  return false;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

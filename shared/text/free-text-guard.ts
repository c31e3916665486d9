/**
 * The check every free-text note passes before it is stored and again before it is shown
 * (the `CheckedText` reply type runs it). A note must not hold a card number (PCI DSS
 * 3.3–3.5: the console never stores a full PAN), a one-time code or a card security code (it
 * never holds one), an email address or a phone number (contacts live only as keyed hashes),
 * nor a verification answer: a postcode or a date that could be a date of birth. Outcome and
 * reason lists cover the common cases, so the note stays short and free of these.
 *
 * The renderer runs it as the agent types, to say at once what to remove; main runs it again
 * before storing, so a note that slips past the screen is still refused.
 *
 * The guard reads the note as a person would (normalise-text.ts): every digit script, kanji
 * numerals, full-width forms and invisible characters folded; digit groups joined by any
 * separator or line break read as one number (digit-chains.ts). Then:
 * - card number: 12–19 digits that pass Luhn, however separated;
 * - phone: +…, 0…, 81…, however separated; toll-free and navi-dial numbers (0120, 0800,
 *   0570) pass: they are businesses' lines, the issuer's helpline among them, never a caller's;
 * - postcode: 100-0001, 〒1000001, or seven digits next to "postcode"/郵便番号;
 * - birth date: a date in any common form or calendar (Japanese eras included) more than 15
 *   years before `now` (dates-in-text.ts); recent dates pass;
 * - code: digits next to a code word (OTP 482913a, 認証番号は482913, PIN 1234, CVV 123);
 * - long number: any other run of 5–8 digits that is not a time, an amount with its
 *   currency, a date, or an id the console shows (CR00112345, transaction UUIDs);
 * - email: local@domain.tld once (at), [at], " at ", ＠, アットマーク, (dot), ドット… are folded.
 * Everything is linear in the note's length (no pattern that can backtrack badly), because
 * the guard runs on every reply that carries notes.
 */
import { couldBeBirthDate, datesInText } from './dates-in-text.ts';
import { digitChains } from './digit-chains.ts';
import { holdsEmail } from './email-in-text.ts';
import { foldForChecking, storedNoteText } from './normalise-text.ts';
import { chainProblems, type NoteContext } from './numbers-in-note.ts';
import { recognisedNumbers } from './recognised-numbers.ts';
import { cardSecurityWords, codeWords, postcodeWords } from './secret-words.ts';

/** In the order they are reported. */
export const FREE_TEXT_PROBLEMS = [
  'card-number',
  'code',
  'email',
  'phone',
  'postcode',
  'birth-date',
  'long-number',
  'too-long',
] as const;
export type FreeTextProblem = (typeof FREE_TEXT_PROBLEMS)[number];

export const NOTE_MAX_LENGTH = 1000;

export type FreeTextCheck = { ok: true; text: string } | { ok: false; problems: FreeTextProblem[] };

/**
 * Every problem in the note, in FREE_TEXT_PROBLEMS order. `now` decides which dates are old
 * enough to be a date of birth: pass the router's clock.
 */
export function freeTextProblems(input: string, now: Date = new Date()): FreeTextProblem[] {
  const text = foldForChecking(input);
  const found = new Set<FreeTextProblem>();

  const dates = datesInText(text, now);
  if (dates.some((date) => date.iso !== null && couldBeBirthDate(date.iso, now))) {
    found.add('birth-date');
  }
  const recognised = new Uint8Array(text.length);
  for (const span of [...dates, ...recognisedNumbers(text)])
    recognised.fill(1, span.start, span.end);

  const note: NoteContext = {
    text,
    recognised,
    codeWords: codeWords(text),
    cardSecurityWords: cardSecurityWords(text),
    postcodeWords: postcodeWords(text),
  };
  for (const chain of digitChains(text)) {
    for (const problem of chainProblems(chain, note)) found.add(problem);
  }
  if (holdsEmail(text)) found.add('email');
  if (storedNoteText(input).length > NOTE_MAX_LENGTH) found.add('too-long');
  return FREE_TEXT_PROBLEMS.filter((problem) => found.has(problem));
}

const PROBLEM_WORDS: Record<FreeTextProblem, string> = {
  'card-number': 'a card number',
  code: 'what looks like a one-time code',
  email: 'an email address',
  phone: 'a phone number',
  postcode: 'a postcode',
  'birth-date': 'a date that could be a date of birth',
  'long-number': 'a number of 5 to 8 digits',
  'too-long': `more than ${NOTE_MAX_LENGTH} characters`,
};

/** The router's refusal of a note, naming what to remove (the screen translates by code). */
export function describeFreeTextProblems(problems: readonly FreeTextProblem[]): string {
  return `The note holds ${problems.map((p) => PROBLEM_WORDS[p]).join(', ')}. Change it and try again.`;
}

/** The note as it is stored (NFKC, invisible characters removed, trimmed), or its problems. */
export function checkFreeText(input: string, now: Date = new Date()): FreeTextCheck {
  const problems = freeTextProblems(input, now);
  return problems.length === 0
    ? { ok: true, text: storedNoteText(input) }
    : { ok: false, problems };
}

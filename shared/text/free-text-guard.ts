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
 * numerals, full-width forms and invisible characters folded; digits spelled as words
 * (English, romaji, Roman numerals, kana) read as digits in runs of four (spelled-digits.ts);
 * digit groups joined by any separator or line break read as one number (digit-chains.ts).
 * Then:
 * - card number: 12–19 digits that pass Luhn, however separated, and any 13–19 digits whether
 *   or not they pass (a card with its check digit left off or changed is still a card);
 * - phone: +…, 0…, 81…, or a mobile with its trunk 0 dropped (90-1234-5678), however
 *   separated; toll-free and navi-dial numbers (0120, 0800, 0570) pass: they are businesses'
 *   lines, the issuer's helpline among them, never a caller's. Any other line is refused,
 *   a merchant's support line (03-5555-1234) included: it cannot be told from a caller's;
 * - postcode: 100-0001, 〒1000001, or seven digits next to "postcode"/郵便番号;
 * - birth date: a date in any common form or calendar (Japanese eras, two-digit years)
 *   more than 15 years before `now` (dates-in-text.ts), an account opened or "customer since"
 *   that long ago included; or a month and day with such a year or a birth word elsewhere in
 *   the note ("born 1980, June 15", "age 45, birthday 6/15"); recent dates pass;
 * - code: digits next to a code word (OTP 482913a, 認証番号は482913, PIN 1234, CVV 123);
 * - long number: any other run of 5 or more digits (no upper bound) that is not a time, an
 *   amount with its currency and at most four significant digits, a date, or an id the
 *   console shows (CR00112345, transaction UUIDs). Order, booking, ticket, merchant and error
 *   numbers are refused too (issue 16: the guard cannot tell them from a code, a postcode or a
 *   card's middle); so is an amount without its currency (12800 → write ¥12,800 or 12,800円);
 * - many digits: the note's digit budget. Digits split by words ("room 482 desk 913",
 *   "visa 4111 then 1111 …", "4 x 8 x 2 x 9 x 1 x 3") or dressed as recognised shapes ("two CR
 *   refs", four times in a row) are counted across the whole note: 6 or more digits outside
 *   every recognised shape, or 13 or more outside dates and transaction ids, are refused. It
 *   is named only when nothing more telling is;
 * - email: local@domain.tld once (at), [at], " at ", atto, ＠, ＆, アットマーク, (dot), ドット,
 *   period… are folded; name@word written together counts without a dot.
 *
 * What still passes, knowingly (residual risk, each a case in free-text-bypasses.test.ts):
 * four digits on their own (a PIN reads like an error code, a last four or a year, and the
 * console itself shows last fours); any eight digits after CR (the console's own customer
 * reference shape); six or seven digits dressed as a toll-free number (0120-482-913: the
 * issuer's helpline must pass); an amount of up to four significant digits; English number
 * words other than zero–nine, and romaji or kana place values (juu, hyaku, じゅう); digit
 * words fewer than four in a row, or split by other words ("ichi x ni x san x yon": "I",
 * "go", "san" and に are ordinary words too); a 6-digit code hidden in a UUID's hex
 * (transaction ids are random, so their digits cannot be judged). The digit budget caps how much of these one note
 * can hold; structure (outcome and reason lists) is the defence that needs no judgement.
 *
 * Everything is linear in the note's length (no pattern that can backtrack badly), because
 * the guard runs on every reply that carries notes.
 */
import { birthDateInPieces, couldBeBirthDate, datesInText } from './dates-in-text.ts';
import { digitChains } from './digit-chains.ts';
import { holdsEmail } from './email-in-text.ts';
import { foldForChecking, storedNoteText } from './normalise-text.ts';
import { chainProblems, isNear, type NoteContext } from './numbers-in-note.ts';
import { recognisedNumbers, type RecognisedKind } from './recognised-numbers.ts';
import { cardSecurityWords, codeWords, postcodeWords, secretCodeWords } from './secret-words.ts';

/** In the order they are reported. */
export const FREE_TEXT_PROBLEMS = [
  'card-number',
  'code',
  'email',
  'phone',
  'postcode',
  'birth-date',
  'long-number',
  'many-digits',
  'too-long',
] as const;
export type FreeTextProblem = (typeof FREE_TEXT_PROBLEMS)[number];

export const NOTE_MAX_LENGTH = 1000;

/**
 * A recognised shape that still carries four free digits — a CR reference, a version, an
 * amount of four significant digits (¥4,829, not ¥12,000) — is a code when a word that
 * always means a secret (OTP, 認証コード, PIN) stands next to it. The toll-free helpline is not
 * judged so: agents give it exactly when a code did not arrive.
 */
function disguisedCode(text: string, span: { start: number; end: number; kind: RecognisedKind }) {
  const written = text.slice(span.start, span.end);
  switch (span.kind) {
    case 'customer-ref':
    case 'version':
      return true;
    case 'amount':
      return written.replace(/\D/gu, '').replace(/0+$/u, '').length >= 4;
    default:
      return false;
  }
}

/** Digits outside every recognised shape a note may hold (a code has six). */
const LOOSE_DIGIT_BUDGET = 5;
/**
 * Digits outside dates, transaction ids and a helpline's toll-free prefix a note may hold,
 * recognised shapes included (a card has 13–19; "CR00112345 at 14:05" has 12).
 */
const DIGIT_BUDGET = 12;

export type FreeTextCheck = { ok: true; text: string } | { ok: false; problems: FreeTextProblem[] };

/**
 * Every problem in the note, in FREE_TEXT_PROBLEMS order. `now` decides which dates are old
 * enough to be a date of birth: pass the router's clock.
 */
export function freeTextProblems(input: string, now: Date = new Date()): FreeTextProblem[] {
  const text = foldForChecking(input);
  const found = new Set<FreeTextProblem>();

  const dates = datesInText(text, now);
  if (
    dates.some((date) => date.iso !== null && couldBeBirthDate(date.iso, now)) ||
    birthDateInPieces(text, now)
  ) {
    found.add('birth-date');
  }
  const recognised = new Uint8Array(text.length);
  /** Per character: 1 = outside the digit budget (a date, a transaction id, an amount's trailing zeros). */
  const unbudgeted = new Uint8Array(text.length);
  for (const span of dates) {
    recognised.fill(1, span.start, span.end);
    unbudgeted.fill(1, span.start, span.end);
  }
  const secretWords = secretCodeWords(text);
  for (const span of recognisedNumbers(text)) {
    recognised.fill(1, span.start, span.end);
    if (disguisedCode(text, span) && secretWords.some((word) => isNear(text, word, span))) {
      found.add('code');
    }
    if (span.kind === 'transaction-id') unbudgeted.fill(1, span.start, span.end);
    if (span.kind === 'amount') unbudgetTrailingZeros(text, span, unbudgeted);
  }

  const note: NoteContext = {
    text,
    recognised,
    ordinary: new Uint8Array(text.length),
    helplinePrefix: new Uint8Array(text.length),
    codeWords: codeWords(text),
    cardSecurityWords: cardSecurityWords(text),
    postcodeWords: postcodeWords(text),
  };
  for (const chain of digitChains(text)) {
    for (const problem of chainProblems(chain, note)) found.add(problem);
  }
  // Named only when nothing more telling is: the other problems already say what to remove.
  if (found.size === 0 && overDigitBudget(text, note, unbudgeted)) found.add('many-digits');
  if (holdsEmail(text)) found.add('email');
  if (storedNoteText(input).length > NOTE_MAX_LENGTH) found.add('too-long');
  return FREE_TEXT_PROBLEMS.filter((problem) => found.has(problem));
}

/** ¥12,800 counts as 3 digits, $120.50 as 4: trailing zeros carry nothing. */
function unbudgetTrailingZeros(
  text: string,
  span: { start: number; end: number },
  unbudgeted: Uint8Array,
): void {
  for (let i = span.end - 1; i >= span.start; i--) {
    const char = text[i] ?? '';
    if (char >= '1' && char <= '9') return;
    if (char === '0') unbudgeted[i] = 1;
  }
}

/** The note's digit budget (see the file comment). Linear: one pass over the text. */
function overDigitBudget(text: string, note: NoteContext, unbudgeted: Uint8Array): boolean {
  let loose = 0;
  let counted = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57 || unbudgeted[i] === 1 || note.helplinePrefix[i] === 1) continue;
    counted++;
    if (note.recognised[i] !== 1 && note.ordinary[i] !== 1) loose++;
  }
  return loose > LOOSE_DIGIT_BUDGET || counted > DIGIT_BUDGET;
}

const PROBLEM_WORDS: Record<FreeTextProblem, string> = {
  'card-number': 'a card number',
  code: 'what looks like a one-time code',
  email: 'an email address',
  phone: 'a phone number',
  postcode: 'a postcode',
  'birth-date': 'a date that could be a date of birth',
  'long-number':
    'a number of 5 or more digits (order, ticket and booking numbers too: keep at most the last 4; write amounts with ¥ or 円)',
  'many-digits': 'too many digits in total (write fewer numbers, or leave them to the console)',
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

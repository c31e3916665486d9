/**
 * What the digits of a note are, chain by chain (digit-chains.ts): a card number, a phone
 * number, a postcode, a one-time code, or a number of 5 or more digits the guard cannot tell
 * from one of those — or something ordinary (a time, a date, an amount, an id the console
 * shows, the issuer's toll-free helpline, the card's last four, a count).
 *
 * In order, so the most telling name wins:
 * 1. card number: any stretch of whole groups holding 12–19 digits that passes Luhn, so
 *    "4111 1111 1111 1111 12/29" is caught with the expiry after it.
 * 2. phone: a stretch starting with + (8–15 digits), with 00/010 (an international call), with
 *    a trunk 0 (10–11 digits: 090-1234-5678, 03-1234-5678), with 81 (+81 without the +), or a
 *    mobile number with its trunk 0 dropped (10 digits starting 70/80/90: "90-1234-5678, add
 *    0"). Toll-free and navi-dial numbers (0120, 0800, 0570) pass: they are businesses'
 *    lines (the issuer's helpline among them), never a cardholder's own number. A merchant's
 *    ordinary line (03-5555-1234) is refused like any other: the guard cannot tell it from
 *    the caller's home number (issue 16 decision).
 * 3. card number again: any other stretch of 13–19 digits, Luhn or not. A card number with
 *    its check digit left off, or one digit changed, is still a card number to whoever reads
 *    it (the reader fixes the last digit by Luhn); an order number that long (Amazon's
 *    249-1234567-1234567) is refused too, by design.
 * 4. what is left, split at recognised numbers into runs: 7 digits as 3+4 (100-0001) or next
 *    to 〒/postcode are a postcode; 3–4 digits next to CVV are a security code; 4–8 digits
 *    next to a code word are a code; any other run of 5 or more digits is a long number —
 *    order, booking, ticket and merchant numbers included (issue 16: a standalone run of 5+
 *    digits that is not a recognised shape is refused; the message says to keep at most the
 *    last four, "order ending 5678").
 *
 * Recognised numbers (dates, times, amounts, ids) stay inside a chain's card and phone
 * windows, so a card partly written as a time ("4111 1111 1111 11:11") is still found; but a
 * card window needs at least four digits outside them (a phone window three), so
 * "2026-11-20 14:05" or a list of times is never read as a card. A card spelled entirely as
 * times or amounts is left to the note's digit budget (free-text-guard.ts).
 */
import { luhnValid } from '../cards/luhn.ts';
import type { DigitGroup } from './digit-chains.ts';
import type { WordSpan } from './secret-words.ts';

export type NumberProblem = 'card-number' | 'phone' | 'postcode' | 'code' | 'long-number';

export interface NoteContext {
  text: string;
  /** Per character of text: inside a recognised number (date, time, amount, product id). */
  recognised: Uint8Array;
  /**
   * Per character, written here: digits read as ordinary by the chain (the toll-free helpline,
   * the card's last four). They count toward the note's digit budget as recognised digits.
   */
  ordinary: Uint8Array;
  /** Per character, written here: a toll-free prefix (0120, 0800, 0570): outside the budget. */
  helplinePrefix: Uint8Array;
  codeWords: readonly WordSpan[];
  cardSecurityWords: readonly WordSpan[];
  postcodeWords: readonly WordSpan[];
}

/** How far (in characters) a word may be from the digits it names. */
const WORD_REACH = 24;
/** Digits a card window must hold outside recognised numbers. */
const MIN_PLAIN_DIGITS = 4;
/** Digits a phone window must hold outside them ("09:01 23:45 678" is a phone number). */
const MIN_PLAIN_PHONE_DIGITS = 3;
/** Shortest and longest digit count read as a card number whatever its check digit. */
const ANY_CARD_MIN = 13;
const ANY_CARD_MAX = 19;

/** After the digits: a time or an amount (1430時, 1200円), not a code, however many digits. */
const TIME_OR_MONEY_AFTER = /^\s?(?:[時分秒年月日円]|yen|jpy|usd|eur|gbp|am\b|pm\b)/iu;
/**
 * After the digits: a count (3 times, 5回). Only for up to three digits: "code 4829 digits"
 * is a code with a word after it, not a count.
 */
const COUNT_AFTER =
  /^\s?(?:[歳才回件人枚桁]|h\b|min|sec|minutes?|hours?|days?|times?|attempts?|digits?)/iu;
const COUNT_MAX_DIGITS = 3;
/** Before four digits: the card's last four, which the console itself shows (VISA •••• 4242). */
const LAST_FOUR_BEFORE =
  /(?:ending(?: in| with)?|last (?:4|four)(?: digits)?|下(?:4|四)桁|末尾|[•*●]{2,})\s?(?:は|が|[:：])?\s?$/iu;
const TOLL_FREE = /^0(?:120|800|570)/u;
/** A single dash or space between 3 and 4 digits: how postcodes are printed (100-0001). */
const POSTCODE_GAP = /^[ \-‐‑‒–—―−ー]$/u;

type Taken = 'card-number' | 'phone' | 'helpline';

export function chainProblems(chain: readonly DigitGroup[], note: NoteContext): NumberProblem[] {
  const recognised = chain.map(
    (group) => note.recognised[group.start] === 1 && note.recognised[group.end - 1] === 1,
  );
  const taken: (Taken | null)[] = chain.map(() => null);
  const problems: NumberProblem[] = [];
  markWindows(chain, recognised, taken, note.text);
  if (taken.includes('card-number')) problems.push('card-number');
  if (taken.includes('phone')) problems.push('phone');

  let run: DigitGroup[] = [];
  for (const [index, group] of chain.entries()) {
    if (taken[index] === 'helpline') {
      // The toll-free prefix is outside the note's digit budget; the rest of the number counts.
      const prefix = TOLL_FREE.test(group.digits) ? 4 : 0;
      note.ordinary.fill(1, group.start, group.end);
      note.helplinePrefix.fill(1, group.start, group.start + prefix);
    }
    const lastFour =
      taken[index] === null &&
      !recognised[index] &&
      group.digits.length === 4 &&
      isLastFour(group, 4, note.text);
    if (lastFour) note.ordinary.fill(1, group.start, group.end);
    if (taken[index] === null && !recognised[index] && !lastFour) {
      run.push(group);
      continue;
    }
    problems.push(...runProblems(run, note));
    run = [];
  }
  problems.push(...runProblems(run, note));
  return problems;
}

/** Card and phone numbers (and helplines) as windows of whole groups. */
function markWindows(
  chain: readonly DigitGroup[],
  recognised: readonly boolean[],
  taken: (Taken | null)[],
  text: string,
): void {
  const mark = (from: number, to: number, as: Taken) => {
    for (let k = from; k <= to; k++) if (taken[k] !== 'card-number') taken[k] = as;
  };
  for (let i = 0; i < chain.length; i++) {
    let digits = '';
    let plain = 0;
    for (let j = i; j < chain.length; j++) {
      digits += chain[j]?.digits ?? '';
      if (!recognised[j]) plain += chain[j]?.digits.length ?? 0;
      if (digits.length > 19) break;
      if (digits.length >= 12 && plain >= MIN_PLAIN_DIGITS && luhnValid(digits)) {
        mark(i, j, 'card-number');
      }
    }
  }
  const helplines: [number, number][] = [];
  for (let i = 0; i < chain.length; i++) {
    const first = chain[i];
    // A time's hour may start one ("09:01 23:45 678" is a phone number); a longer recognised
    // group (a CR reference, an amount) may not: "CR00112345, 0120-123-456" is no call abroad.
    if (first === undefined || taken[i] !== null) continue;
    if (recognised[i] && first.digits.length > 2) continue;
    const plus = /\+[\s([]*$/u.test(text.slice(Math.max(0, first.start - 4), first.start));
    // Every phone form starts with +, 0, 81 or (trunk 0 dropped) 7/8/9: skip the rest.
    if (!plus && !/^[0789]/u.test(first.digits)) continue;
    let digits = '';
    let plain = 0;
    for (let j = i; j < chain.length && taken[j] !== 'card-number'; j++) {
      digits += chain[j]?.digits ?? '';
      if (!recognised[j]) plain += chain[j]?.digits.length ?? 0;
      if (digits.length > 17) break;
      if (plain < MIN_PLAIN_PHONE_DIGITS) continue;
      const kind = phoneKind(digits, plus);
      if (kind === 'phone') mark(i, j, 'phone');
      if (kind === 'helpline') helplines.push([i, j]);
    }
  }
  for (const [from, to] of helplines) {
    for (let k = from; k <= to; k++) taken[k] ??= 'helpline';
  }
  // Any other 13–19 digits, whatever their check digit, among groups nothing else took.
  for (let i = 0; i < chain.length; i++) {
    let digits = 0;
    let plain = 0;
    for (let j = i; j < chain.length && taken[j] === null; j++) {
      digits += chain[j]?.digits.length ?? 0;
      if (!recognised[j]) plain += chain[j]?.digits.length ?? 0;
      if (digits > ANY_CARD_MAX) break;
      if (digits >= ANY_CARD_MIN && plain >= MIN_PLAIN_DIGITS) mark(i, j, 'card-number');
    }
  }
}

function phoneKind(digits: string, plus: boolean): 'phone' | 'helpline' | null {
  const n = digits.length;
  if (plus) return n >= 8 && n <= 15 ? 'phone' : null;
  if (/^(?:00|010)/u.test(digits)) return n >= 12 && n <= 17 ? 'phone' : null;
  if (/^0[1-9]/u.test(digits) && (n === 10 || n === 11)) {
    return TOLL_FREE.test(digits) ? 'helpline' : 'phone';
  }
  if (/^81[1-9]/u.test(digits) && (n === 11 || n === 12)) return 'phone';
  // A mobile number with the trunk 0 left off: 90-1234-5678.
  if (/^[789]0[1-9]/u.test(digits) && n === 10) return 'phone';
  return null;
}

/** A run of plain groups (nothing recognised, no card or phone in it). */
function runProblems(run: readonly DigitGroup[], note: NoteContext): NumberProblem[] {
  const first = run[0];
  const last = run.at(-1);
  if (first === undefined || last === undefined) return [];
  const span = { start: first.start, end: last.end };
  const total = run.reduce((sum, group) => sum + group.digits.length, 0);
  const problem = numberProblem(run, span, total, note);
  return problem === null ? [] : [problem];
}

function numberProblem(
  run: readonly DigitGroup[],
  span: WordSpan,
  total: number,
  note: NoteContext,
): NumberProblem | null {
  const near = (words: readonly WordSpan[]) => words.some((word) => isNear(note.text, word, span));
  const printedPostcode =
    run.length === 2 &&
    run[0]?.digits.length === 3 &&
    run[1]?.digits.length === 4 &&
    POSTCODE_GAP.test(run[1].gapBefore);
  if (total === 7 && (printedPostcode || near(note.postcodeWords))) return 'postcode';
  if (total >= 3 && total <= 4 && near(note.cardSecurityWords)) return 'code';
  const nearCodeWord = total >= 4 && total <= 8 && near(note.codeWords);
  if (nearCodeWord && !readsAsQuantity(run, note.text) && !isLastFour(span, total, note.text)) {
    return 'code';
  }
  return total >= 5 ? 'long-number' : null;
}

/**
 * A count or time with its unit (1430時, 3 times) or a day written with slashes (11/25): not a
 * code, even next to the word. Its digits are still a long number when there are 5 or more.
 */
function readsAsQuantity(run: readonly DigitGroup[], text: string): boolean {
  const last = run.at(-1);
  if (last === undefined) return false;
  const after = text.slice(last.end, last.end + 10);
  if (TIME_OR_MONEY_AFTER.test(after)) return true;
  const digits = run.reduce((sum, group) => sum + group.digits.length, 0);
  if (digits <= COUNT_MAX_DIGITS && COUNT_AFTER.test(after)) return true;
  return (
    run.length > 1 &&
    run.every((group, i) => group.digits.length <= 2 && (i === 0 || group.gapBefore === '/'))
  );
}

/** "Visa ending 4242 locked after 3 wrong codes": the last four, not a code. */
function isLastFour(span: WordSpan, total: number, text: string): boolean {
  return total === 4 && LAST_FOUR_BEFORE.test(text.slice(Math.max(0, span.start - 20), span.start));
}

/** Within reach and in the same sentence. */
export function isNear(text: string, word: WordSpan, span: WordSpan): boolean {
  const close =
    Math.abs(span.start - word.end) <= WORD_REACH || Math.abs(word.start - span.end) <= WORD_REACH;
  if (!close) return false;
  const from = Math.min(word.start, span.start);
  const to = Math.max(word.end, span.end);
  return !/[。!?！？\n]|\.\s/u.test(text.slice(from, to));
}

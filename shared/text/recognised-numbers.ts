/**
 * Numbers a note may hold because they say what they are: a time (14:05), an amount with its
 * currency (¥12,800, 12800円, $120.50, 1,500 yen), an identifier the console itself shows
 * (customer reference CR00112345, ACS/DS transaction ids, which are UUIDs), a version (iOS
 * 17.1.2, 3DS 2.2.0), a device model (iPhone 15), a small count with its unit (3 times, 5回, 10分, 24h), a year and a month and
 * day on their own. Their digits are not a code, a postcode or a stray number.
 *
 * Each shape is kept tight, because each is also a way to write digits past the guard (issue
 * 16 review):
 * - an amount starts with 1–9, is not glued to a digit before it ("48$29$13" is no amount),
 *   and has at most four significant digits (¥12,800, ¥3,980, $120.50, 1,500 yen): an amount
 *   like ¥482,913 or ¥1,234,567 carries a code or a card's middle as easily as a price, so its
 *   digits are read as a plain number (refused as a long number: "round the amount");
 * - a time is h:mm with real hours and minutes; h:mm:ss is not (14:23:05 is six free digits,
 *   and agents do not write seconds);
 * - a customer reference is CR and exactly eight digits written together;
 * - a transaction id is a UUID whose digits, read across its hyphens, never run to 13 or
 *   more (41111111-1111-1111-aaaa-… is a card number in a UUID's clothes);
 * - a version has at most five digits, a count three; protocol values (ECI 05, reason 01) are
 *   not a shape at all: two digits are few enough to count as plain digits in the budget;
 * - next to a word that always means a secret (OTP, 認証コード, PIN), an amount, a CR reference
 *   or a version is a code all the same ("OTP ¥4,829", free-text-guard.ts).
 * And every recognised digit except a date's or a UUID's still counts toward the note's
 * digit budget (free-text-guard.ts): a note cannot carry a card as four times or two CR refs.
 *
 * Input is the folded text (normalise-text.ts).
 */

export interface Span {
  start: number;
  end: number;
}

export type RecognisedKind =
  | 'time'
  | 'amount'
  | 'customer-ref'
  | 'transaction-id'
  | 'version'
  | 'device'
  | 'count'
  | 'year'
  | 'month-day';

export interface RecognisedNumber extends Span {
  kind: RecognisedKind;
}

const TIME = /(?<![\d:])(?:[01]?\d|2[0-4]):[0-5]\d(?![\d:])/gu;

const AMOUNT_NUMBER = '(?:[1-9]\\d{0,2}(?:,\\d{3}){1,2}|[1-9]\\d{0,7}|0)(?:\\.\\d{1,2})?';
const CURRENCY_BEFORE = new RegExp(
  `(?<!\\d)(?:[¥$€£₩]|(?<![a-z])(?:jpy|usd|eur|gbp)(?![a-z]))\\s?${AMOUNT_NUMBER}(?!\\d|,\\d)`,
  'giu',
);
const CURRENCY_AFTER = new RegExp(
  `(?<![\\d,.])${AMOUNT_NUMBER}\\s?(?:万円|千円|円|万|ドル|ユーロ|(?:yen|jpy|usd|eur|gbp|dollars?)(?![a-z]))`,
  'giu',
);
/** Most significant digits an amount may have and still be read as one. */
const AMOUNT_MAX_SIGNIFICANT = 4;

/** CR + eight digits as the console prints it (a space or hyphen after CR is forgiven). */
const CUSTOMER_REF = /(?<![a-z\d])cr[\s-]?\d{8}(?!\d)/giu;
/** ACS, DS and 3DS Server transaction ids (EMV 3DS: a UUID, RFC 4122 layout). */
const TRANSACTION_ID =
  /(?<![\da-f-])[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}(?![\da-f-])/giu;
/**
 * Digits in a row (hyphens read through) a transaction id may hold: 13 or more is a card
 * number's length. About 2% of random UUIDs have such a run; they are refused too (the
 * transaction is found from the card in the console, not from the note).
 */
const UUID_MAX_DIGIT_RUN = 12;

const VERSION =
  /(?<![a-z\d])(?:v|ver\.?|version|ios|android|app|3ds|emv ?3ds|バージョン)\s?\d{1,2}(?:\.\d{1,3}){1,3}(?![\d.])/giu;
const VERSION_MAX_DIGITS = 5;
const DEVICE = /(?<![a-z])(?:iphone|pixel|galaxy ?s|android|ios|windows)\s?\d{1,2}(?![\d.])/giu;
const COUNT = new RegExp(
  '(?<![\\d.,:/])\\d{1,3}(?:x(?![a-z])|%(?![\\d])|\\s?(?:回目|回|件|分|秒|時間|日間|週間|か月|ヶ月|カ月|歳|才|人|枚|桁|度|代|' +
    '(?:times?|attempts?|tries|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?|seconds?|secs?|' +
    'digits?|wrong|resends?|sms|codes?|th|st|nd|rd)(?![a-z])))',
  'giu',
);

/**
 * A year (in 2019, 2019年) and a month and day (6月15日, 11/25) standing on their own — not
 * touching another digit group, so "1948 2913" is not a year and a PIN. An old year with a
 * month and day is a birth date (dates-in-text.ts); here they only stop counting as stray
 * digits.
 */
const NOT_AFTER_DIGITS = '(?<!\\d[\\s\\-/.:,]?)';
const NOT_BEFORE_DIGITS = '(?![\\d/]|\\s?[\\-/.:,]?\\s?\\d)';
const YEAR = new RegExp(`${NOT_AFTER_DIGITS}(?:19|20)\\d{2}(?:\\s?年|${NOT_BEFORE_DIGITS})`, 'gu');
const MONTH_DAY = new RegExp(
  `${NOT_AFTER_DIGITS}(?:0?[1-9]|1[0-2])(?:\\s?月\\s?(?:0?[1-9]|[12]\\d|3[01])\\s?日|/(?:0?[1-9]|[12]\\d|3[01])${NOT_BEFORE_DIGITS})`,
  'gu',
);

const PATTERNS: readonly [RegExp, RecognisedKind][] = [
  [TIME, 'time'],
  [CURRENCY_BEFORE, 'amount'],
  [CURRENCY_AFTER, 'amount'],
  [CUSTOMER_REF, 'customer-ref'],
  [TRANSACTION_ID, 'transaction-id'],
  [VERSION, 'version'],
  [DEVICE, 'device'],
  [COUNT, 'count'],
  [YEAR, 'year'],
  [MONTH_DAY, 'month-day'],
];

/** Every recognised number in the folded text. Spans may overlap. */
export function recognisedNumbers(text: string): RecognisedNumber[] {
  const found: RecognisedNumber[] = [];
  for (const [pattern, kind] of PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      if (!fitsShape(kind, m[0])) continue;
      found.push({ start: m.index, end: m.index + m[0].length, kind });
    }
  }
  return found;
}

function fitsShape(kind: RecognisedKind, written: string): boolean {
  const digits = written.replace(/\D/gu, '');
  switch (kind) {
    case 'amount':
      return significantDigits(written) <= AMOUNT_MAX_SIGNIFICANT;
    case 'transaction-id':
      return longestRun(written.replace(/-/gu, '')) <= UUID_MAX_DIGIT_RUN;
    case 'version':
      return digits.length <= VERSION_MAX_DIGITS;
    default:
      return true;
  }
}

/** ¥12,800 → 3 (128), $120.50 → 4 (1205), ¥1,234,567 → 7. */
function significantDigits(amount: string): number {
  const number = /[\d,]+(?:\.\d+)?/u.exec(amount)?.[0] ?? '';
  return number.replace(/,/gu, '').replace(/\./u, '').replace(/^0+/u, '').replace(/0+$/u, '')
    .length;
}

function longestRun(text: string): number {
  let longest = 0;
  for (const m of text.matchAll(/\d+/gu)) longest = Math.max(longest, m[0].length);
  return longest;
}

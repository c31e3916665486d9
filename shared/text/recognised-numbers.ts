/**
 * Numbers a note may hold because they say what they are: a time (14:05), an amount with its
 * currency (¥12,800, 12800円, $120.50, 1,500 yen) and an identifier the console itself shows
 * (customer reference CR00112345, ACS/DS transaction ids, which are UUIDs). Their digits are
 * not a code, a postcode or a stray number.
 *
 * Each shape is kept tight, because each is also a way to write digits past the guard: an
 * amount has at most eight digits before the point (¥4,111,111,111,111,111 is a card number,
 * not a price), a time is h:mm or h:mm:ss with real hours and minutes, and a customer
 * reference is CR and exactly eight digits written together.
 *
 * Input is the folded text (normalise-text.ts).
 */

export interface Span {
  start: number;
  end: number;
}

const TIME = /(?<![\d:])(?:[01]?\d|2[0-4]):[0-5]\d(?::[0-5]\d)?(?!\d|:\d)/gu;

const AMOUNT_NUMBER = '(?:\\d{1,3}(?:,\\d{3}){1,2}|\\d{1,8})(?:\\.\\d{1,2})?';
const CURRENCY_BEFORE = new RegExp(
  `(?:[¥$€£₩]|(?<![a-z])(?:jpy|usd|eur|gbp)(?![a-z]))\\s?${AMOUNT_NUMBER}(?!\\d|,\\d)`,
  'giu',
);
const CURRENCY_AFTER = new RegExp(
  `(?<![\\d,.])${AMOUNT_NUMBER}\\s?(?:万円|千円|円|万|ドル|ユーロ|(?:yen|jpy|usd|eur|gbp|dollars?)(?![a-z]))`,
  'giu',
);

/** CR + eight digits as the console prints it (a space or hyphen after CR is forgiven). */
const CUSTOMER_REF = /(?<![a-z\d])cr[\s-]?\d{8}(?!\d)/giu;
/** ACS, DS and 3DS Server transaction ids (EMV 3DS: a UUID, RFC 4122 layout). */
const TRANSACTION_ID =
  /(?<![\da-f-])[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}(?![\da-f-])/giu;

/** Every recognised number in the folded text. Spans may overlap. */
export function recognisedNumbers(text: string): Span[] {
  return [TIME, CURRENCY_BEFORE, CURRENCY_AFTER, CUSTOMER_REF, TRANSACTION_ID].flatMap((pattern) =>
    [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length })),
  );
}

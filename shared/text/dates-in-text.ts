/**
 * Dates written in a note, in every form an agent or a caller uses: 1980-04-12, 1980/4/12,
 * 1980.4.12, 19800412, 12/04/1980, 1/4/80, 1980年4月12日, a Japanese era (昭和55年4月12日,
 * S55.4.12, H2/1/8, 平成元年1月8日), or English (12 April 1980, April 12th, 1980).
 *
 * A date matters twice. It is ordinary ("code sent 2026-11-25", so its digits are not a code),
 * and it may be a verification answer: a date of birth. The guard refuses a date that could
 * be one — more than BIRTH_DATE_MIN_AGE_YEARS before now — and lets recent ones through. A
 * year and month alone (2026-11, 11/2026) is recognised as ordinary: no day, no answer. So
 * is a date of account opening or "customer since" more than 15 years back refused: the guard
 * cannot tell it from a birth date (issue 16 decision; the console shows the opening date).
 *
 * A birth date also comes in pieces (issue 16 review): a month and day with the year
 * elsewhere in the note ("born 1980, June 15", "昭和55年生まれ 6月15日", "6月15日 1980年"), or
 * with a word that makes it a birthday ("age 45, birthday 6/15"). `birthDateInPieces` refuses a
 * note holding a month and day together with a year more than 15 years back or a birth word.
 * Two-digit years count as well: 80年6月15日, 15 June 80.
 *
 * Input is the folded text (normalise-text.ts): ASCII digits, no invisible characters.
 */
import { parseDateOfBirth } from '../input/date-of-birth.ts';

/** A date further back than this could be somebody's date of birth (nobody younger calls). */
export const BIRTH_DATE_MIN_AGE_YEARS = 15;

export interface DateInText {
  start: number;
  end: number;
  /** YYYY-MM-DD; null for a year and month alone. */
  iso: string | null;
}

/** Dashes of every kind (and the katakana long-vowel mark people type for one), / . and ・. */
const SEP = '[-‐‑‒–—―−ー/.・]';
const YEAR = '(?:19|20)\\d{2}';

/** Era by name, by kanji or by letter (a letter only at the start of a word: not "iOS 17.1"). */
const ERA_DATE = new RegExp(
  `(?:明治|大正|昭和|平成|令和|[明大昭平令]|(?<![a-z])[mtshr])\\s?(?:\\d{1,2}|元)\\s*` +
    `(?:年\\s*\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日?|(${SEP})\\s*\\d{1,2}\\s*\\1\\s*\\d{1,2})(?!\\d)`,
  'giu',
);
const YMD = new RegExp(
  `(?<!\\d)(${YEAR})\\s*(${SEP})\\s*(\\d{1,2})\\s*\\2\\s*(\\d{1,2})(?!\\d)`,
  'gu',
);
const YMD_KANJI = new RegExp(
  `(?<!\\d)(${YEAR})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})(?:\\s*日)?(?!\\d)`,
  'gu',
);
const YMD_COMPACT = new RegExp(`(?<!\\d)(${YEAR})(\\d{2})(\\d{2})(?!\\d)`, 'gu');
/** Day and month in either order, then a four-digit year: 12/04/1980, 4.12.1980. */
const DMY = new RegExp(
  `(?<!\\d)(\\d{1,2})\\s*(${SEP})\\s*(\\d{1,2})\\s*\\2\\s*(${YEAR})(?!\\d)`,
  'gu',
);
/**
 * Slashes with a two-digit year: 1/4/80 (last), 80/4/12 (first, when it cannot be a day).
 * Only slashes: dotted triples are version numbers (iOS 17.1.2), not dates.
 */
const SHORT = /(?<![\d/])(\d{1,2})\/(\d{1,2})\/(\d{1,2})(?![\d/])/gu;

const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const ORDINAL = '(?:st|nd|rd|th)?';
const DAY_MONTH_YEAR_EN = new RegExp(
  `(?<!\\d)(\\d{1,2})${ORDINAL}\\s*(?:of\\s+)?${MONTH}(?![a-z])\\.?,?\\s*(${YEAR})(?!\\d)`,
  'giu',
);
const MONTH_DAY_YEAR_EN = new RegExp(
  `(?<![a-z])${MONTH}(?![a-z])\\.?\\s*(\\d{1,2})${ORDINAL},?\\s*(${YEAR})(?!\\d)`,
  'giu',
);

const YEAR_MONTH = new RegExp(
  `(?<!\\d)(${YEAR})\\s*${SEP}\\s*(0?[1-9]|1[0-2])(?!\\d|\\s*${SEP}\\s*\\d)`,
  'gu',
);
const MONTH_YEAR = new RegExp(
  `(?<![\\d/.\\-])(0?[1-9]|1[0-2])\\s*[-/.]\\s*(${YEAR})(?!\\d|\\s*${SEP}\\s*\\d)`,
  'gu',
);

/** A year written with 年 and two digits, not after an era name (昭和55年 is an era year). */
const YY_KANJI = new RegExp(
  `(?<!\\d|(?:明治|大正|昭和|平成|令和|[明大昭平令]|(?<![a-z])[mtshr])\\s?)(\\d{2})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})(?:\\s*日)?(?!\\d)`,
  'giu',
);
/** Day and month in words, then a two-digit year: 15 June 80, June 15 '80. */
const DAY_MONTH_YY_EN = new RegExp(
  `(?<!\\d)(\\d{1,2})${ORDINAL}\\s*(?:of\\s+)?${MONTH}(?![a-z])\\.?,?\\s*'?(\\d{2})(?![\\d:])`,
  'giu',
);
const MONTH_DAY_YY_EN = new RegExp(
  `(?<![a-z])${MONTH}(?![a-z])\\.?\\s*(\\d{1,2})${ORDINAL},?\\s*'(\\d{2})(?![\\d:])`,
  'giu',
);

/** A month and day without a year: 6月15日, June 15, 15 June. */
const MONTH_DAY = new RegExp(
  `(?<!\\d)(?:\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日|\\d{1,2}${ORDINAL}\\s*(?:of\\s+)?${MONTH}(?![a-z])|` +
    `(?<![a-z])${MONTH}(?![a-z])\\.?\\s*\\d{1,2}(?!\\d))`,
  'iu',
);
/** Month/day with a slash: a birthday only next to a birth word (11/25 is usually last week). */
const MONTH_DAY_SLASH = /(?<![\d/])(?:0?[1-9]|1[0-2])\/(?:0?[1-9]|[12]\d|3[01])(?![\d/])/u;
/** A year standing alone: 1980, 1980年, 昭和55年, 80年. */
const YEAR_ALONE = /(?<!\d)((?:19|20)\d{2})(?!\d)/gu;
const ERA_YEAR =
  /(明治|大正|昭和|平成|令和|[明大昭平令]|(?<![a-z])[mtshr])\s?(\d{1,2}|元)\s?(?:年|(?=[\s,、]))/giu;
const YY_YEAR = /(?<![\d明大昭平令治正和])(\d{2})\s?年/gu;
/** Words that make a month and day somebody's birthday. */
const BIRTH_WORDS =
  /(?<![a-z])(?:born|birthday|b-?day|dob|date of birth|age|aged|years? old)(?![a-z])|生まれ|誕生日|生年月日|\d\s?[歳才]/iu;

const ERA_START_YEAR: Readonly<Record<string, number>> = {
  明治: 1868,
  明: 1868,
  m: 1868,
  大正: 1912,
  大: 1912,
  t: 1912,
  昭和: 1926,
  昭: 1926,
  s: 1926,
  平成: 1989,
  平: 1989,
  h: 1989,
  令和: 2019,
  令: 2019,
  r: 2019,
};

/**
 * A birth date written in pieces: a month and day (6月15日, June 15, or 6/15 next to a birth
 * word) in a note that also holds a year more than 15 years back or a birth word.
 */
export function birthDateInPieces(text: string, now: Date): boolean {
  const birthWord = BIRTH_WORDS.test(text);
  const monthDay = MONTH_DAY.test(text) || (birthWord && MONTH_DAY_SLASH.test(text));
  if (!monthDay) return false;
  if (birthWord) return true;
  const limit = now.getUTCFullYear() - BIRTH_DATE_MIN_AGE_YEARS;
  for (const m of text.matchAll(YEAR_ALONE)) if (Number(m[1]) < limit) return true;
  for (const m of text.matchAll(ERA_YEAR)) {
    const start = ERA_START_YEAR[(m[1] ?? '').toLowerCase()];
    const n = m[2] === '元' ? 1 : Number(m[2]);
    if (start !== undefined && start + n - 1 < limit) return true;
  }
  for (const m of text.matchAll(YY_YEAR)) {
    if (Number(twoDigitYear(m[1] ?? '', now)) < limit) return true;
  }
  return false;
}

function twoDigitYear(yy: string, now: Date): string {
  const year = 2000 + Number(yy);
  return String(year <= now.getUTCFullYear() ? year : year - 100);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Every date (and year-month) written in the folded text. Spans may overlap. */
export function datesInText(text: string, now: Date): DateInText[] {
  const found: DateInText[] = [];
  const add = (match: RegExpMatchArray, iso: string | null) => {
    found.push({ start: match.index ?? 0, end: (match.index ?? 0) + match[0].length, iso });
  };
  for (const m of text.matchAll(ERA_DATE)) {
    const iso = parseDateOfBirth(m[0].replace(/[‐‑‒–—―−ー]/gu, '-').replace(/・/gu, '.'));
    if (iso !== null) add(m, iso);
  }
  for (const m of text.matchAll(YMD)) addIfDate(m, isoDate(m[1], m[3], m[4]));
  for (const m of text.matchAll(YMD_KANJI)) addIfDate(m, isoDate(m[1], m[2], m[3]));
  for (const m of text.matchAll(YMD_COMPACT)) addIfDate(m, isoDate(m[1], m[2], m[3]));
  for (const m of text.matchAll(DMY)) {
    addIfDate(m, isoDate(m[4], m[3], m[1]) ?? isoDate(m[4], m[1], m[3]));
  }
  for (const m of text.matchAll(SHORT)) addIfDate(m, shortYearDate(m, now));
  for (const m of text.matchAll(DAY_MONTH_YEAR_EN)) {
    addIfDate(m, isoDate(m[3], monthNumber(m[2]), m[1]));
  }
  for (const m of text.matchAll(MONTH_DAY_YEAR_EN)) {
    addIfDate(m, isoDate(m[3], monthNumber(m[1]), m[2]));
  }
  for (const m of text.matchAll(YY_KANJI))
    addIfDate(m, isoDate(twoDigitYear(m[1] ?? '', now), m[2], m[3]));
  for (const m of text.matchAll(DAY_MONTH_YY_EN)) {
    addIfDate(m, isoDate(twoDigitYear(m[3] ?? '', now), monthNumber(m[2]), m[1]));
  }
  for (const m of text.matchAll(MONTH_DAY_YY_EN)) {
    addIfDate(m, isoDate(twoDigitYear(m[3] ?? '', now), monthNumber(m[1]), m[2]));
  }
  for (const m of text.matchAll(YEAR_MONTH)) add(m, null);
  for (const m of text.matchAll(MONTH_YEAR)) add(m, null);
  return found;

  function addIfDate(match: RegExpMatchArray, iso: string | null) {
    if (iso !== null) add(match, iso);
  }
}

/** Whether a date found in a note could be a date of birth at `now`. */
export function couldBeBirthDate(iso: string, now: Date): boolean {
  const cutoff = new Date(now.getTime());
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - BIRTH_DATE_MIN_AGE_YEARS);
  return iso < cutoff.toISOString().slice(0, 10);
}

/**
 * A two-digit year is the latest year ending in those digits that is not after now, so
 * 1/4/80 is 1980 and 25/11/26 is 2026. The year is last unless the first part cannot be a day.
 */
function shortYearDate(match: RegExpMatchArray, now: Date): string | null {
  const [a = '', b = '', c = ''] = [match[1], match[2], match[3]];
  const century = (yy: string) => twoDigitYear(yy, now);
  if (Number(a) > 31) return isoDate(century(a), b, c);
  if (c.length !== 2) return null;
  return isoDate(century(c), b, a) ?? isoDate(century(c), a, b);
}

function monthNumber(name: string | undefined): string {
  return String(MONTHS.indexOf((name ?? '').slice(0, 3).toLowerCase()) + 1);
}

function isoDate(
  year: string | undefined,
  month: string | undefined,
  day: string | undefined,
): string | null {
  const [y, m, d] = [Number(year), Number(month), Number(day)];
  if (!Number.isInteger(y) || y < 1900 || y > 2099) return null;
  if (!Number.isInteger(m) || m < 1 || m > 12) return null;
  if (!Number.isInteger(d) || d < 1 || d > daysIn(y, m)) return null;
  return `${String(y)}-${pad(m)}-${pad(d)}`;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad = (n: number) => String(n).padStart(2, '0');

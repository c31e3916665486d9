/**
 * Dates written in a note, in every form an agent or a caller uses: 1980-04-12, 1980/4/12,
 * 1980.4.12, 19800412, 12/04/1980, 1/4/80, 1980年4月12日, a Japanese era (昭和55年4月12日,
 * S55.4.12, H2/1/8, 平成元年1月8日), or English (12 April 1980, April 12th, 1980).
 *
 * A date matters twice. It is ordinary ("code sent 2026-11-25", so its digits are not a code),
 * and it may be a verification answer: a date of birth. The guard refuses a date that could
 * be one — more than BIRTH_DATE_MIN_AGE_YEARS before now — and lets recent ones through. A
 * year and month alone (2026-11, 11/2026) is recognised as ordinary: no day, no answer.
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
  const century = (yy: string) => {
    const year = 2000 + Number(yy);
    return String(year <= now.getUTCFullYear() ? year : year - 100);
  };
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

/**
 * Dates of birth as callers say them and as cards and forms print them: Gregorian
 * (1980-04-12, 1980/4/12, 1980.4.12, 1980年4月12日, 19800412) or a Japanese era — written out
 * (昭和55年4月12日, 平成元年1月8日), as one kanji (昭55.4.12), as a letter (S55.4.12, h1/1/8)
 * or as the era ligature (㍼55年4月12日) — with full-width digits and punctuation and any
 * spaces. The answer is always YYYY-MM-DD, so it compares with what is on file.
 *
 * An era begins on its own day, not on 1 January: 昭和64年 lasted from 1 to 7 January 1989
 * and 平成元年 began on the 8th, so 昭和64年1月8日 and 平成31年5月1日 are not dates. Year 1
 * of an era is its start year (元年); year n is start year + n - 1. Nobody on file was born
 * before 1900. Future dates are left to the caller, which knows today's date.
 */

interface Era {
  /** Written out, as one kanji, as the letter (lower case, since input is folded). */
  names: readonly string[];
  /** First day of the era. */
  start: string;
}

const ERAS: readonly Era[] = [
  { names: ['明治', '明', 'm'], start: '1868-01-25' },
  { names: ['大正', '大', 't'], start: '1912-07-30' },
  { names: ['昭和', '昭', 's'], start: '1926-12-25' },
  { names: ['平成', '平', 'h'], start: '1989-01-08' },
  { names: ['令和', '令', 'r'], start: '2019-05-01' },
];

const EARLIEST = '1900-01-01';

/** Year, month, day: separated by one of - / . used twice, or by 年 月 (日). */
const YEAR_MONTH_DAY = /^(\d+|元)(?:([-/.])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})日?)$/u;

/** Dashes other than ASCII that people type between the parts of a date. */
const DASHES = /[‐‑‒–—―−]/gu;

/** YYYY-MM-DD for a real date of birth on or after 1900-01-01, or null. */
export function parseDateOfBirth(input: string): string | null {
  const text = input.normalize('NFKC').toLowerCase().replace(/\s+/gu, '').replace(DASHES, '-');
  const date = parseEra(text) ?? parseGregorian(text);
  return date !== null && date >= EARLIEST ? date : null;
}

function parseGregorian(text: string): string | null {
  const compact = /^(\d{4})(\d{2})(\d{2})$/u.exec(text);
  if (compact) return isoDate(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  const parts = splitDate(text);
  if (!parts || !/^\d{4}$/u.test(parts.year)) return null;
  return isoDate(Number(parts.year), parts.month, parts.day);
}

function parseEra(text: string): string | null {
  for (const [index, era] of ERAS.entries()) {
    // Longest name first, so 昭和 is not read as 昭 followed by 和.
    const name = era.names.find((candidate) => text.startsWith(candidate));
    if (name === undefined) continue;
    const parts = splitDate(text.slice(name.length));
    if (!parts || !/^(\d{1,2}|元)$/u.test(parts.year)) return null;
    const n = parts.year === '元' ? 1 : Number(parts.year);
    if (n < 1) return null;
    const date = isoDate(Number(era.start.slice(0, 4)) + n - 1, parts.month, parts.day);
    if (date === null || date < era.start) return null;
    const next = ERAS[index + 1];
    return next && date >= next.start ? null : date;
  }
  return null;
}

function splitDate(text: string): { year: string; month: number; day: number } | null {
  const match = YEAR_MONTH_DAY.exec(text);
  if (!match) return null;
  return {
    year: match[1] ?? '',
    month: Number(match[3] ?? match[5]),
    day: Number(match[4] ?? match[6]),
  };
}

function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(month) || month < 1 || month > 12) return null;
  if (!Number.isInteger(day) || day < 1 || day > daysIn(year, month)) return null;
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad = (n: number) => String(n).padStart(2, '0');

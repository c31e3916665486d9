/**
 * A date in a note is refused only when it could be a date of birth: more than 15 years
 * before the router's clock. The guard takes that clock as an argument, so the line moves
 * with time and a test can pin it.
 */
import { describe, expect, it } from 'vitest';
import { freeTextProblems } from '../../../shared/text/free-text-guard.ts';

const NOW = new Date('2026-11-27T09:00:00.000Z');

describe('birth dates against the clock', () => {
  it('refuses a date more than 15 years back, in every calendar', () => {
    for (const note of ['2011-11-26', '平成23年11月26日', 'H23.11.26', '26 November 2011']) {
      expect(freeTextProblems(note, NOW)).toEqual(['birth-date']);
    }
  });

  it('accepts a date 15 years back or later, and future dates', () => {
    for (const note of ['2011-11-27', '平成23年11月27日', 'called 2026-11-20', '2027/01/05']) {
      expect(freeTextProblems(note, NOW)).toEqual([]);
    }
  });

  it('reads a two-digit year as the latest year not after now', () => {
    expect(freeTextProblems('called 25/11/26', NOW)).toEqual([]);
    expect(freeTextProblems('born 25/11/27', NOW)).toEqual(['birth-date']);
  });

  it('moves with the clock', () => {
    expect(freeTextProblems('2011-11-26', new Date('2026-11-25T00:00:00Z'))).toEqual([]);
    expect(freeTextProblems('2011-11-26', new Date('2026-11-27T00:00:00Z'))).toEqual([
      'birth-date',
    ]);
  });

  it('an era date that does not exist is no date, but its pieces still are a birth date', () => {
    // 昭和64年 ended on 7 January 1989; 平成 began on the 8th. Not a date — yet a month and
    // day with a year more than 15 years back is refused (issue 16 review: birth dates in
    // pieces), and a mistyped birth date is still a birth date.
    expect(freeTextProblems('昭和64年1月8日', NOW)).toEqual(['birth-date']);
    expect(freeTextProblems('令和64年1月8日', NOW)).toEqual([]);
  });

  it('refuses a birth date in pieces: month and day with an old year or a birth word', () => {
    for (const note of [
      'born 1980, June 15',
      '昭和55年生まれ 6月15日',
      '6月15日 1980年',
      'age 45, birthday 6/15',
      '80年6月15日',
      '15 June 80',
      'Cardholder since 1998. Called on June 15.',
    ]) {
      expect(freeTextProblems(note, NOW)).toEqual(['birth-date']);
    }
  });

  it('a month and day alone, or with a recent year, is not', () => {
    for (const note of [
      'Called on June 15.',
      '4月12日に購入',
      'Card issued in 2019, locked 6月15日',
      'Locked since 3/8',
    ]) {
      expect(freeTextProblems(note, NOW)).toEqual([]);
    }
  });

  it('an account opened more than 15 years back is refused: it could be a birth date', () => {
    expect(freeTextProblems('Account opened 2005/04/01', NOW)).toEqual(['birth-date']);
    expect(freeTextProblems('平成20年4月1日入会', NOW)).toEqual(['birth-date']);
    // At the review's clock (2026-03-10) 2011-04-01 is less than 15 years back.
    const review = new Date('2026-03-10T05:00:00.000Z');
    expect(
      freeTextProblems('Customer since 2011-04-01, long-standing cardholder.', review),
    ).toEqual([]);
  });

  it('a year alone or a month and day alone is not a date of birth', () => {
    expect(freeTextProblems('お客様は1980年生まれ', NOW)).toEqual([]);
    expect(freeTextProblems('4月12日に購入', NOW)).toEqual([]);
    expect(freeTextProblems('Customer since 1998-04', NOW)).toEqual([]);
  });
});

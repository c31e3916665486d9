/**
 * `CheckedText`, the reply type of every note, means exactly "passed the guard": the router's
 * strict output parse refuses a note that holds a secret even when it reached the database
 * some other way. And what the guard stores is what it checked, so a stored note always
 * passes on the way out.
 */
import { describe, expect, it } from 'vitest';
import { CheckedText } from '../../../shared/contract/strings.ts';
import {
  checkFreeText,
  freeTextProblems,
  NOTE_MAX_LENGTH,
} from '../../../shared/text/free-text-guard.ts';

const NOW = new Date('2026-11-27T09:00:00.000Z');

describe('CheckedText', () => {
  it.each([
    'Code expired at 14:05; advised to start the checkout again.',
    'QRコード 4567、0120-123-456 をご案内。',
    'called 2026-11-20 14:05',
    '',
  ])('accepts a note the guard accepts: %j', (note) => {
    const checked = checkFreeText(note, NOW);
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(CheckedText.safeParse(checked.text).success).toBe(true);
  });

  it.each([
    '4111/1111/1111/1111',
    '認証番号は482913',
    'taro (at) example.jp',
    'tel09012345678',
    '〒100-0001',
    '昭和55年4月12日',
    'Order 12345',
    'a'.repeat(NOTE_MAX_LENGTH + 1),
  ])('refuses a stored note holding what the guard refuses: %j', (note) => {
    expect(CheckedText.safeParse(note).success).toBe(false);
  });

  it('refuses an oversized string before scanning it', () => {
    const result = CheckedText.safeParse('4111 1111 1111 1111 '.repeat(200));
    expect(result.error?.issues.map((issue) => issue.code)).toEqual(['too_big']);
  });

  it('does not turn on a note as it ages: dates from its writing stay acceptable', () => {
    // Accepted when written (2026); in 2042 the date is more than 15 years old, yet the
    // reply carrying the note must still parse.
    expect(freeTextProblems('called 2026-11-20', NOW)).toEqual([]);
    expect(freeTextProblems('called 2026-11-20', new Date('2042-01-01T00:00:00Z'))).toEqual([
      'birth-date',
    ]);
    expect(CheckedText.safeParse('called 2026-11-20').success).toBe(true);
  });
});

describe('the stored note', () => {
  it('drops invisible characters, so a lead reads exactly what was checked', () => {
    expect(checkFreeText('Caller\u200B happy\u202E, done\uFEFF ', NOW)).toEqual({
      ok: true,
      text: 'Caller happy, done',
    });
  });

  it('counts the length without invisible characters', () => {
    const note = `${'a'.repeat(NOTE_MAX_LENGTH)}${'\u200B'.repeat(10)}`;
    expect(freeTextProblems(note, NOW)).toEqual([]);
  });
});

describe('hostile input stays fast (linear scans, no backtracking blow-up)', () => {
  it.each([
    ['spaces', `a${' '.repeat(3998)}a`],
    ['single digits', '1 '.repeat(2000)],
    ['one long run', '1'.repeat(4000)],
    ['at signs', 'a@'.repeat(2000)],
    ['spelled at', 'a at '.repeat(800)],
    ['colons', '1:'.repeat(2000)],
    ['dashes', '1-'.repeat(2000)],
    ['slashes', '1/'.repeat(2000)],
    ['times', '12:34 '.repeat(666)],
    ['era letters', 'S1.'.repeat(1333)],
    ['kanji tens', '一十'.repeat(2000)],
    ['code words', 'code 1 '.repeat(571)],
    ['hex', 'a1'.repeat(2000)],
    ['currency', '¥1,'.repeat(1333)],
    ['zero-width digits', '4\u200B'.repeat(2000)],
    ['plus zeros', '+0'.repeat(2000)],
    ['kana digit words', 'よん '.repeat(1333)],
    ['kana digits glued', 'にし'.repeat(2000)],
    ['english digit words', 'one '.repeat(1000)],
    ['look-alikes', 'l1 O0 '.repeat(666)],
    ['look-alike words', 'llll '.repeat(800)],
    ['kanji places', '四千百十一万'.repeat(666)],
    ['myriads', '一万'.repeat(2000)],
    ['dingbats', '❹➀⓵Ⅳ'.repeat(1000)],
    ['glued at', 'taro@x'.repeat(666)],
    ['spelled on', 'mail x on '.repeat(400)],
    ['month days', '6月15日 '.repeat(500)],
    ['era years', '昭和55年 '.repeat(500)],
    ['amounts', '¥1 '.repeat(1333)],
    ['uuid-ish', '11111111-1111-'.repeat(285)],
  ])('%s (4000 characters)', (_, text) => {
    expect(freeTextProblems(text, NOW)).toContain('too-long');
  });
});

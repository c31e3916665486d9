import { describe, expect, it } from 'vitest';
import { foldSurname } from '../../../shared/names/fold-surname.ts';

describe('foldSurname', () => {
  it.each([
    [['Sato', 'Satō', 'Satou', 'Satoh', 'SATOU', 'ＳＡＴＯ', ' sato '], 'sato'],
    [['Ito', 'Itō', 'Itou', 'Itoh'], 'ito'],
    [['Ono', 'Ōno', 'Oono', 'Ohno'], 'ono'],
    [['Yuki', 'Yūki', 'Yuuki'], 'yuki'],
    [['Kono', 'Kōno', 'Kouno'], 'kono'],
    [['サトウ', 'さとう', 'さとお', 'サトー', 'ｻﾄｳ'], 'さと'],
    [['イトウ', 'いとう'], 'いと'],
    [['オオノ', 'おおの'], 'おの'],
    [['コウノ', 'こうの'], 'この'],
    [['ユウキ', 'ゆうき'], 'ゆき'],
  ])('%j all fold to %s', (spellings, key) => {
    for (const spelling of spellings) expect(foldSurname(spelling)).toBe(key);
  });

  it('keeps kanji as registered, NFKC-normalised', () => {
    expect(foldSurname('佐藤')).toBe('佐藤');
    expect(foldSurname('斎藤')).not.toBe(foldSurname('佐藤'));
  });

  it.each([
    ['Sato', 'Saito'],
    ['Ono', 'Onoe'],
    ['Kato', 'Kito'],
    ['さとう', 'さいとう'],
    ['Clarke', 'Clark'],
  ])('does not merge %s and %s', (a, b) => {
    expect(foldSurname(a)).not.toBe(foldSurname(b));
  });

  it('folds English surnames by case and width only', () => {
    expect(foldSurname('O’Brien')).toBe('obrien');
    expect(foldSurname('Smith')).toBe('smith');
  });
});

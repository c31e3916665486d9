/**
 * Digits spelled as words the guard did not read: romaji (ichi ni san, Hepburn and kunrei,
 * long vowels and macrons), ASCII Roman numerals (iv ix vii), kana with a dictation's long
 * vowel (ニー, ゴー) or written together (いちにさんよん), words mixed with digits or with
 * another vocabulary ("48 ni kyuu 13", "四 eight 二 nine"), and words joined by any separator
 * ("one.two.three.four"). Each is refused as the number it spells. Beside them, ordinary
 * notes in English, Japanese and romaji whose words are also digit words ("go", "I", "san",
 * に, ご) are each accepted: a word is a digit only in a run of four digit words and digits,
 * two of them words other than a single kana (に, ご are particles far more often).
 */
import { describe, expect, it } from 'vitest';
import { freeTextProblems, type FreeTextProblem } from '../../../shared/text/free-text-guard.ts';
import { foldForChecking } from '../../../shared/text/normalise-text.ts';

const NOW = new Date('2026-11-27T09:00:00.000Z');

const SPELLED_BYPASSES: [string, FreeTextProblem[]][] = [
  // Romaji, Hepburn and kunrei, every variant of 0, 4, 7 and 9.
  ['ichi ni san yon go roku', ['long-number']],
  ['ICHI NI SAN YON GO ROKU', ['long-number']],
  ['nana hachi kyu ichi ni san', ['long-number']],
  ['zero kyuu hachi, ichi ni san yon, go roku nana hachi', ['phone']],
  ['maru kyuu maru ichi ni san shi go roku shichi hachi', ['phone']],
  ['rei ku rei iti ni san si go roku sichi hati', ['phone']],
  ['kyū hachi ni kyû ichi san', ['long-number']],
  ['ichi-ni-san-yon-go-roku', ['long-number']],
  ['ichi/ni/san/yon/go/roku', ['long-number']],
  ['ｉｃｈｉ ｎｉ ｓａｎ ｙｏｎ ｇｏ ｒｏｋｕ', ['long-number']],
  ['OTP yon hachi ni kyuu ichi san', ['code']],
  ['認証コードは yon hachi ni kyuu ichi san です', ['code']],
  [
    'yon ichi ichi ichi ichi ichi ichi ichi ichi ichi ichi ichi ichi ichi ichi ichi',
    ['card-number'],
  ],
  // ASCII Roman numerals as digits.
  ['iv ix vii iii i ii', ['long-number']],
  ['IV VIII II IX I III', ['long-number']],
  ['iv i i i i i i i i i i i i i i i', ['card-number']],
  ['OTP iv viii ii ix i iii', ['code']],
  // Words mixed with digits, and vocabularies mixed with each other.
  ['48 ni kyuu 13', ['long-number']],
  ['4 viii 2 ix 1 iii', ['long-number']],
  ['yon eight ni nine ichi three', ['long-number']],
  ['四 eight 二 nine 一 three', ['long-number']],
  ['48 に きゅう いち 3', ['long-number']],
  ['よん eight に nine いち three', ['long-number']],
  // English words joined by other separators than a space, comma or dash.
  ['one.two.three.four.five.six', ['long-number']],
  ['four/one/one/one four/one/one/one four/one/one/one four/one/one/one', ['card-number']],
  // Kana: a dictation's long vowel, glued words.
  ['コードは イチ ニー サン、ヨン ゴー ロク', ['code']],
  ['いちにさんよんごろく', ['long-number']],
  ['認証コードはよんはちにきゅういちさん', ['code']],
  ['電話番号はぜろきゅうぜろいちにさんよんごろくななはちです', ['phone']],
];

const ORDINARY_EN: string[] = [
  'Customer will call back at 3.',
  'Customer will call back at 3 or 4 today.',
  'I told the customer to go to the store at 5 and try again.',
  'Customer said she will go shopping at one of the stores, then call back.',
  'Tanaka san called twice; second call at 14:05.',
  'Explained steps 1, 2, 3, go: the app flow.',
  'Part II of the checklist done; I checked the app version.',
  'Tried on an iPhone with iOS 17 and a Core i5 laptop, v2 of the app.',
  'Option one or two offered; customer chose one.',
  'Called back at 9; no answer. Will try again at 11.',
  'Nana (the cardholder’s daughter) helped with the app.',
  'Merchant: Go Go Curry. Amount ¥1,200, declined 2 times.',
  'App v2.2.0, 3DS 2.2, Visa ending 4242; I advised to go to the branch.',
  'Sent the FAQ, chapter IV, and section ii of the guide.',
  'Customer said oh no, one more code please.',
  'Codes at 10:42 and 10:51; I go through the reset next.',
  'Go to settings, then SMS, then try again in 5 minutes.',
];

const ORDINARY_JA: string[] = [
  '東京にし、ごご に連絡',
  'しちごさんの衣装購入で決済失敗。',
  'いちごを購入、決済は12,800円。',
  '田中さんに 3回 ご連絡済み。',
  '手順は 1、2、3、ご確認ください。',
  '14:05に、ご本人様へご案内。',
  '11/25 に ご連絡予定。',
  '田中さん、14:05にご連絡済み。',
  '確認し、3回目で成功。',
  'ご本人様確認済み。SMSは 2 回、ご案内済み。',
  'ゴールドカード、ニーズを確認。',
  'コードを 3 回 入力、4 回目でロック。',
  'お客様はしくしくと泣いておられた。',
  'キュウリの購入でエラー、5分後に再試行。',
  'サンキューと言われた。',
  // Romaji Japanese, as some agents type it.
  'Yamada-san ni denwa shimashita, 3 kai me.',
  'Okyakusama ni SMS o saisou, go fun go ni kakunin.',
];

describe('digits spelled as words are refused as the number they spell', () => {
  it.each(SPELLED_BYPASSES)('refuses %j for %j', (text, problems) => {
    expect(freeTextProblems(text, NOW)).toEqual(problems);
  });

  it('reads a run as its digits and leaves the words around it', () => {
    expect(foldForChecking('code ichi ni san yon go roku then I go')).toBe(
      'code 1 2 3 4 5 6 then I go',
    );
    expect(foldForChecking('コードはよんはちにきゅういちさんです')).toBe('コードは482913です');
    expect(foldForChecking('iv ix vii iii i ii')).toBe('4 9 7 3 1 2');
    expect(foldForChecking('ニー サン ヨン ゴー')).toBe('2 3 4 5');
  });
});

describe('ordinary notes whose words are also digit words are accepted', () => {
  it.each(ORDINARY_EN)('accepts the English note %j', (text) => {
    expect(freeTextProblems(text, NOW)).toEqual([]);
  });

  it.each(ORDINARY_JA)('accepts the Japanese note %j', (text) => {
    expect(freeTextProblems(text, NOW)).toEqual([]);
  });
});

/**
 * The free-text guard on wrap-up notes, with what agents actually type in English and in
 * Japanese: what must be refused (card numbers, codes, emails, phone numbers) and what must
 * pass (times, dates, amounts, reason codes, reference IDs, ordinary words). The bypass
 * attempts of issue 16 are in free-text-bypasses.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  checkFreeText,
  describeFreeTextProblems,
  freeTextProblems,
  NOTE_MAX_LENGTH,
  type FreeTextProblem,
} from '../../../shared/text/free-text-guard.ts';

/** The router's clock in these cases: dates are judged against it (birth dates). */
const NOW = new Date('2026-11-27T09:00:00.000Z');

const REFUSED: [string, FreeTextProblem[]][] = [
  // Card numbers: plain, grouped, dashed, full-width, inside sentences, with an expiry after.
  ['4111111111111111', ['card-number']],
  ['card 4111 1111 1111 1111 confirmed', ['card-number']],
  ['4111-1111-1111-1111', ['card-number']],
  ['４１１１ １１１１ １１１１ １１１１', ['card-number']],
  ['４１１１－１１１１－１１１１－１１１１', ['card-number']],
  ['Amex 3782 822463 10005 on file', ['card-number']],
  ['Diners 3056 9309 0259 04', ['card-number']],
  ['JCB 3530111333300000 declined', ['card-number']],
  ['caller gave 5555 5555 5555 4444 12 29', ['card-number']],
  ['カード番号は4111111111111111です', ['card-number']],
  ['お客様のカード番号：３５３０　１１１３　３３３０　００００', ['card-number']],
  ['visa 4012888888881881.', ['card-number']],
  ['UnionPay 6212345678901232', ['card-number']],
  // Codes near a code word, either side, either language.
  ['caller read out code 482193', ['code']],
  ['The code was 482193', ['code']],
  ['OTP 4821 entered', ['code']],
  ['passcode: 48219375', ['code']],
  ['one-time password 482193', ['code']],
  ['482193 was the code she received', ['code']],
  ['verification code = 482 193', ['code']],
  ['PIN 1234', ['code']],
  ['SMS codes 482193 and 771204 both failed', ['code']],
  ['認証コードは482193でした', ['code']],
  ['お客様から認証コードは４８２１９３と伺いました', ['code']],
  ['ワンタイムパスワード：７７１２０４', ['code']],
  ['コード 482193 を入力したが失敗', ['code']],
  ['確認コード「5521」', ['code']],
  ['パスコード48219375を読み上げ', ['code']],
  // Email addresses.
  ['mail me at someone@example.jp', ['email']],
  ['new address taro.yamada+card@mail.example.com', ['email']],
  ['メールはｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐです', ['email']],
  ['<hanako@example.co.jp>', ['email']],
  // Phone numbers, domestic and international, as people write them.
  ['call back on 090-1234-5678', ['phone']],
  ['new mobile 09012345678', ['phone']],
  ['+81 90 1234 5678', ['phone']],
  ['+44 7700 900123 (UK roaming)', ['phone']],
  ['携帯は０９０－１２３４－５６７８に変更予定', ['phone']],
  ['自宅 03-1234-5678', ['phone']],
  ['(090) 1234-5678', ['phone']],
  ['+1 415 555 0100', ['phone']],
  // Several at once are all named.
  ['code 482193 sent to 090-1234-5678', ['code', 'phone']],
  ['4111 1111 1111 1111 and a@b.jp', ['card-number', 'email']],
];

const PASSES: string[] = [
  'Code expired at 14:05; advised to start the checkout again.',
  'コードの有効期限切れ。加盟店サイトで最初からやり直すようご案内。',
  'Caller entered the code wrong 3 times. Lock ends 10:42.',
  'Explained codes are never given by phone.',
  'Reason code 11, ECI 07, transStatus R: transferred to fraud team.',
  'Checkout at Example Shop for ¥12,000 failed, code not delivered.',
  'さくら書店で12000円の決済、コードが届かない。',
  'Amount $120.50, code expired.',
  'Code sent on 2026-11-25, expired by 2026/11/25 10:30.',
  'コードは2026年11月25日に送信済み。',
  'Code entered 20261125?',
  'Caller said the code arrived after 1430時.',
  'The code has 6 digits and lasts 10 minutes.',
  'ACS trans ID 3f2a1b4c-5d6e-4f70-a123-456789abcdef escalated to the vendor.',
  'Call ref CR12345678 about code delivery.',
  'Customer ref CR20261125 checked; code fine.',
  '認証コードの再送を3回依頼、4回目で成功。',
  'お客様は1980年生まれ、コードは届いている。',
  'Mobile ending 78 verified; email updated in the app.',
  'Updated at 9:30, code resent 2 times.',
  'ワンタイムパスワードは電話では伝えられないと案内済み。',
  'Three wrong codes; reset after verification, customer happy.',
  'Caller will retry on Monday.',
  '',
  'Paid 1,500 yen; code expired.',
  'Postcode checked by the console, not written here.',
  'Lock until 11:15 JST, code wrong 3x.',
  'Visa ending 1111 locked; caller verified.',
];

describe('free-text guard', () => {
  it.each(REFUSED)('refuses %j for %j', (text, problems) => {
    expect(freeTextProblems(text, NOW)).toEqual(problems);
    expect(checkFreeText(text, NOW)).toEqual({ ok: false, problems });
  });

  it.each(PASSES)('lets %j through', (text) => {
    expect(freeTextProblems(text, NOW)).toEqual([]);
    expect(checkFreeText(text, NOW)).toEqual({ ok: true, text: text.normalize('NFKC').trim() });
  });

  // Issue 16 review reverses this: a card with its check digit wrong or left off is still a
  // card to whoever reads the note (Luhn gives the last digit back).
  it('13–19 digits are a card number whether or not they pass Luhn', () => {
    expect(freeTextProblems('reference 4111 1111 1111 1112', NOW)).toEqual(['card-number']);
    expect(freeTextProblems('reference 4111 1111 1111 111', NOW)).toEqual(['card-number']);
    expect(freeTextProblems('reference 4111 1111 1111', NOW)).toEqual(['long-number']);
  });

  it('3 digits near a code word are not a code; 9 are a long number', () => {
    expect(freeTextProblems('code 123 not a code', NOW)).toEqual([]);
    expect(freeTextProblems('code 123456789', NOW)).toEqual(['long-number']);
  });

  it('a number of any length past 4 digits is a long number, not only 5–8', () => {
    expect(freeTextProblems('ref 4829130000', NOW)).toEqual(['long-number']);
    expect(freeTextProblems('ref 123456789012', NOW)).toEqual(['long-number']);
  });

  it('a count unit makes up to three digits a count, not four', () => {
    expect(freeTextProblems('code 3 times wrong', NOW)).toEqual([]);
    expect(freeTextProblems('code 4829 digits', NOW)).toEqual(['code']);
    expect(freeTextProblems('Caller said the code arrived after 1430時.', NOW)).toEqual([]);
  });

  it('amounts: with a currency and at most four significant digits', () => {
    expect(freeTextProblems('¥12,800 and 1,500 yen and $120.50', NOW)).toEqual([]);
    expect(freeTextProblems('Refund ¥482,913', NOW)).toEqual(['long-number']);
    expect(freeTextProblems('Paid 12800 at the shop', NOW)).toEqual(['long-number']);
    expect(freeTextProblems('48$29$13', NOW)).toEqual(['long-number']);
  });

  it('digits split by words count toward one budget for the note', () => {
    expect(freeTextProblems('room 482 desk 913', NOW)).toEqual(['many-digits']);
    expect(freeTextProblems('room 48 desk 913', NOW)).toEqual([]);
    expect(freeTextProblems('see CR41111111 and CR11111111', NOW)).toEqual(['many-digits']);
    expect(freeTextProblems('CR00112345 at 14:05', NOW)).toEqual([]);
    expect(freeTextProblems('CR00112345 at 14:05 and 14:10', NOW)).toEqual(['many-digits']);
    // A CR reference (8) and a helpline past its toll-free prefix (6) are over the budget
    // together, and a CR reference is not read as the start of a call abroad.
    expect(freeTextProblems('CR00112345, 0120-123-456', NOW)).toEqual(['many-digits']);
  });

  it('look-alike letters are digits only next to digits', () => {
    expect(freeTextProblems('482 9l3', NOW)).toEqual(['long-number']);
    expect(freeTextProblems('o90-1234-5678', NOW)).toEqual(['phone']);
    expect(freeTextProblems('I called, lol, Ollie was fine', NOW)).toEqual([]);
  });

  it('kana and kanji spelled numbers are read, particles and place names are not', () => {
    expect(freeTextProblems('よん はち に きゅう いち さん', NOW)).toEqual(['long-number']);
    expect(freeTextProblems('四十八万二千九百十三', NOW)).toEqual(['long-number']);
    expect(freeTextProblems('肆捌弐玖壱参', NOW)).toEqual(['long-number']);
    expect(freeTextProblems('東京にし、ごご に連絡', NOW)).toEqual([]);
    expect(freeTextProblems('万一に備え、千代田区の店舗に三百円', NOW)).toEqual([]);
  });

  // Issue 16 reverses these: a standalone run of 5–8 digits is refused unless it is a time,
  // an amount or an id the console shows — a ticket or order number is none of those (and
  // could be a code, a postcode or a date of birth). It is named a long number, not a code.
  it('4–8 digits without a code word are not a code, but 5–8 are a long number', () => {
    expect(freeTextProblems('Caller number in queue 4821', NOW)).toEqual([]);
    expect(freeTextProblems('Caller number in queue 482193', NOW)).toEqual(['long-number']);
    expect(freeTextProblems('Ticket INC0012345 raised for the ACS vendor.', NOW)).toEqual([
      'long-number',
    ]);
    expect(freeTextProblems('Order 2024-0001 at Nova Games, checkout declined.', NOW)).toEqual([
      'long-number',
    ]);
  });

  it('a code word in another sentence does not make a number a code', () => {
    expect(freeTextProblems('Code expired. Ticket 48219375 raised.', NOW)).toEqual(['long-number']);
    expect(freeTextProblems('コードの期限切れ。受付番号482193。', NOW)).toEqual(['long-number']);
    expect(freeTextProblems('Code expired. Ticket 4821 raised.', NOW)).toEqual([]);
  });

  it('the refusal tells the agent what to do about a long number', () => {
    expect(describeFreeTextProblems(['long-number'])).toMatch(/5 or more digits.*last 4.*¥ or 円/u);
    expect(describeFreeTextProblems(['many-digits'])).toMatch(/too many digits/u);
  });

  it('the note may be as long as the limit, and not longer', () => {
    expect(freeTextProblems('a'.repeat(NOTE_MAX_LENGTH), NOW)).toEqual([]);
    expect(freeTextProblems(`  ${'a'.repeat(NOTE_MAX_LENGTH)}  `, NOW)).toEqual([]);
    expect(freeTextProblems('a'.repeat(NOTE_MAX_LENGTH + 1), NOW)).toEqual(['too-long']);
  });

  it('stores the trimmed, NFKC-normalised note', () => {
    expect(checkFreeText('  ＡＢＣ ｺｰﾄﾞ期限切れ  ', NOW)).toEqual({
      ok: true,
      text: 'ABC コード期限切れ',
    });
  });
});

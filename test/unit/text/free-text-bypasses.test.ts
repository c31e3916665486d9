/**
 * Issue 16: notes carried what they must not. Every way an insider (or a careless agent)
 * writes a card number, a code, an email, a phone number, a postcode or a date of birth past
 * the guard is a case here, in English and Japanese, and each is refused with the problem it
 * is. Beside them, ordinary notes agents write every day — error and QR codes, the helpline,
 * amounts, times, recent dates, ids the console shows — are each accepted.
 */
import { describe, expect, it } from 'vitest';
import {
  checkFreeText,
  freeTextProblems,
  type FreeTextProblem,
} from '../../../shared/text/free-text-guard.ts';

/** The router's clock: dates before 2011-11-27 could be a date of birth. */
const NOW = new Date('2026-11-27T09:00:00.000Z');

const ZWSP = '\u200B';

const BYPASSES: [string, FreeTextProblem[]][] = [
  // Card numbers, however separated, in any digit script, with invisible characters.
  ['4111/1111/1111/1111', ['card-number']],
  ['card 4111 1111\n1111 1111, thanks', ['card-number']],
  ['4111\r\n1111\r\n1111\r\n1111', ['card-number']],
  [`4${ZWSP}1${ZWSP}1${ZWSP}1 1111 1111 1111`, ['card-number']],
  ['4111\u2060-\u20601111-1111-1111', ['card-number']],
  ['4111\u00AD1111\u00AD1111\u00AD1111', ['card-number']],
  ['4111\u180E1111\uFEFF1111\u200D1111', ['card-number']],
  ['四一一一 一一一一 一一一一 一一一一', ['card-number']],
  ['カード番号は四一一一一一一一一一一一一一一一です', ['card-number']],
  ['٤١١١ ١١١١ ١١١١ ١١١١', ['card-number']],
  ['۴۱۱۱۱۱۱۱۱۱۱۱۱۱۱۱', ['card-number']],
  ['कार्ड ४१११ ११११ ११११ ११११', ['card-number']],
  ['๔๑๑๑๑๑๑๑๑๑๑๑๑๑๑๑', ['card-number']],
  ['4111.1111.1111.1111', ['card-number']],
  ['4111_1111_1111_1111', ['card-number']],
  ['(4111)(1111)(1111)(1111)', ['card-number']],
  ['4111–1111—1111−1111', ['card-number']],
  ['4111ー1111ー1111ー1111', ['card-number']],
  ['4111:1111:1111:1111', ['card-number']],
  ['4111 1111 1111 11:11', ['card-number']],
  ['4111・1111、1111。1111', ['card-number']],
  ['④①①① ①①①① ①①①① ①①①①', ['card-number']],
  ['4️⃣1️⃣1️⃣1️⃣ 1111 1111 1111', ['card-number']],
  ['4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1', ['card-number']],
  ['5555🙂5555🙂5555🙂4444', ['card-number']],
  ['Amex 3782\n822463\n10005', ['card-number']],
  ['¥4,111,111,111,111,111', ['card-number']],
  ['JCB ３５３０\u200B１１１３\u200B３３３０\u200B００００', ['card-number']],
  ['4111 1111 1111 1111 exp 12/29 CVV 123', ['card-number', 'code']],
  // One-time codes and security codes: glued to letters or kana, split, in other scripts.
  ['認証番号は482913', ['code']],
  ['OTP 482913a', ['code']],
  ['OTP482913', ['code']],
  ['otp: 482 913', ['code']],
  [`code${ZWSP} 4${ZWSP}8${ZWSP}2913`, ['code']],
  ['認証コード 四八二九一三', ['code']],
  ['ワンタイムパスワード ٤٨٢٩١٣', ['code']],
  ['暗証番号は1234とのこと', ['code']],
  ['CVV 123', ['code']],
  ['セキュリティコード１２３', ['code']],
  ['code 48:29:13', ['code']],
  ['SMS code (482)(913)', ['code']],
  ['OTP\n482913', ['long-number']],
  // Bare numbers of 5–8 digits: a code, a postcode or a date of birth in disguise.
  ['482913', ['long-number']],
  ['48-29-13', ['long-number']],
  ['Caller said 48 29 13', ['long-number']],
  ['受付番号482913', ['long-number']],
  ['SMSで届いた番号 ４８２９１３ を読み上げ', ['long-number']],
  ['Ticket INC0012345', ['long-number']],
  ['Order 12345', ['long-number']],
  ['helpline 0120-123-456 771204', ['long-number']],
  // Email addresses spelled out.
  ['taro @ example.jp', ['email']],
  ['taro(at)example.jp', ['email']],
  ['taro [at] example [dot] jp', ['email']],
  ['taro at example dot jp', ['email']],
  ['taro＠example．jp', ['email']],
  ['taro アットマーク example ドット jp', ['email']],
  ['メールはtaro あっと example どっと jp', ['email']],
  ['taro.yamada at gmail', ['email']],
  ['hanako{at}mail{dot}example{dot}com', ['email']],
  [`t${ZWSP}aro@exa${ZWSP}mple.jp`, ['email']],
  ['Yamada at example.co.jp', ['email']],
  // Phone numbers in every form.
  ['090/1234/5678', ['phone']],
  ['tel09012345678', ['phone']],
  ['TEL:090.1234.5678', ['phone']],
  ['+81-90-1234-5678', ['phone']],
  ['+81 (0)90 1234 5678', ['phone']],
  ['81 90 1234 5678', ['phone']],
  ['010-81-90-1234-5678', ['phone']],
  ['〇九〇 一二三四 五六七八', ['phone']],
  ['090\n1234\n5678', ['phone']],
  ['０９０ー１２３４ー５６７８', ['phone']],
  [`携帯：090${ZWSP}1234${ZWSP}5678`, ['phone']],
  ['(03) 1234 5678', ['phone']],
  ['050-1234-5678', ['phone']],
  ['+44 20 7946 0958', ['phone']],
  // Postcodes, with or without 〒.
  ['post code 1000001', ['postcode']],
  ['〒1000001', ['postcode']],
  ['〒100-0001', ['postcode']],
  ['住所は100-0001の方', ['postcode']],
  ['郵便番号は１００ー０００１', ['postcode']],
  ['〶100 0001', ['postcode']],
  ['zip 150-0002', ['postcode']],
  ['郵便番号 一〇〇〇〇〇一', ['postcode']],
  // Dates that could be a date of birth, in any calendar.
  ['昭和55年4月12日', ['birth-date']],
  ['S55.4.12', ['birth-date']],
  ['DOB 1980-04-12', ['birth-date']],
  ['1980/4/12', ['birth-date']],
  ['12 April 1980', ['birth-date']],
  ['April 12th, 1980', ['birth-date']],
  ['1980年4月12日生まれ', ['birth-date']],
  ['平成元年1月8日', ['birth-date']],
  ['H2/1/8', ['birth-date']],
  ['19800412', ['birth-date']],
  ['12/04/1980', ['birth-date']],
  ['生年月日 昭和五十五年四月十二日', ['birth-date']],
  ['㍼55年4月12日', ['birth-date']],
  ['born 1/4/80', ['birth-date']],
  ['一九八〇年四月十二日', ['birth-date']],
  ['2011-11-26', ['birth-date']],
  // Several at once are all named.
  ['〒100-0001 昭和55年4月12日 090-1234-5678', ['phone', 'postcode', 'birth-date']],
];

const ORDINARY: string[] = [
  'error code 1234',
  'QRコード 4567',
  'QR code 4567 scanned at the store.',
  'エラーコード 1234 が表示された。',
  '0120-123-456 helpline',
  'お客様にはカード裏面の0120-123-456へおかけ直しいただくようご案内。',
  'ナビダイヤル 0570-000-123 をご案内。',
  '¥12,800 checkout at Nova Games declined.',
  '12800円の決済でコードが届かない。',
  'Amount ¥1,234,567 refunded by the merchant.',
  'Paid $120.50 on 11/25; code expired.',
  'called 2026-11-20 14:05',
  '昨日15時に再送',
  '2026年11月25日 14時05分 コード再送。',
  'Lock set on 2026/11/20, reset after the ID check.',
  'Code resent at 10:42, 10:45, 10:51 and 11:02.',
  '10:00〜12:00に再度お電話いただく予定。',
  'コード送信 11/25 10:30、未着。',
  '3 attempts, locked until 11:15.',
  '2 resends, 1 expired code; customer retried at 16:30.',
  'Retries 1, 2 and 3 failed; 4th succeeded.',
  'ACS ref 7f3e…',
  'DS trans ID 6ba7b810-9dad-11d1-80b4-00c04fd430c8 sent to the vendor.',
  'Customer reference CR00112345 verified.',
  'Reason code 11 (suspected fraud), ECI 07.',
  'transStatusReason 11, challengeCancel 04.',
  '3DS 2.2.0 challenge, transStatus C, app push failed.',
  'iOS 17.1.2 / app 5.3.0, SMS not arriving.',
  'Visa ending 4242 locked after 5 wrong codes.',
  'カード下4桁は4242、認証コード3回誤りでロック。',
  'Card expiry 12/29 confirmed by the console.',
  '4月12日に加盟店で購入、コード入力3回失敗。',
  'お客様は令和6年に入会。',
  '確認コードの有効期限は10分と説明。',
  'ワンタイムパスワードを再送、14:05に受信確認。',
  'Checkout at shop.example.jp failed twice.',
  'Customer emailed support at help.example.jp about the delay.',
  'Called back at 9:05 JST; no answer, left a message.',
  'お客様の郵便番号はコンソールで確認済み（メモには記載しない）。',
  'Case escalated to the team lead; ticket to follow.',
  'Customer born in the 1980s, DOB checked by the console only.',
  'Code sent 2026-11-25, customer joined 2019-04-01.',
  '一回目は失敗、二回目で成功。三十分後に再確認。',
];

describe('issue 16: bypass attempts are refused', () => {
  it('has at least 60 of them', () => {
    expect(BYPASSES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(BYPASSES)('refuses %j for %j', (text, problems) => {
    expect(freeTextProblems(text, NOW)).toEqual(problems);
    expect(checkFreeText(text, NOW)).toEqual({ ok: false, problems });
  });
});

describe('issue 16: ordinary notes are accepted', () => {
  it('has at least 30 of them', () => {
    expect(ORDINARY.length).toBeGreaterThanOrEqual(30);
  });

  it.each(ORDINARY)('accepts %j', (text) => {
    expect(freeTextProblems(text, NOW)).toEqual([]);
    expect(checkFreeText(text, NOW)).toEqual({ ok: true, text: text.normalize('NFKC').trim() });
  });
});

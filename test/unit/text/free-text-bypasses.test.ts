/**
 * Issue 16: notes carried what they must not. Every way an insider (or a careless agent)
 * writes a card number, a code, an email, a phone number, a postcode or a date of birth past
 * the guard is a case here, in English and Japanese, and each is refused with the problem it
 * is. Beside them, ordinary notes agents write every day — error and QR codes, the helpline,
 * amounts, times, recent dates, ids the console shows — are each accepted.
 *
 * The adversarial review of the guard (REVIEW_BYPASSES, REVIEW_ORDINARY) added its 112
 * attempts and 80 ordinary notes: each attempt the rules now refuse is a case here, with
 * the problem it is named; the four still accepted are listed in ACCEPTED_RESIDUAL with why.
 * Ordinary notes the rules refuse by design (order and ticket numbers, amounts
 * without a currency, a merchant's ordinary phone line, a date more than 15 years back) are
 * in REFUSED_BY_DESIGN, each with the reason the agent is told.
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
  // Moved here from ORDINARY after the review: an amount of more than four significant digits
  // carries a code as easily as a price, and four times in one list carry a card number.
  ['Amount ¥1,234,567 refunded by the merchant.', ['long-number']],
  ['Code resent at 10:42, 10:45, 10:51 and 11:02.', ['many-digits']],
  // Found while fixing the review: shapes next to a word that always means a secret.
  ['OTP CR00482913', ['code']],
  ['OTP ¥4,829', ['code']],
  ['認証コードは バージョン48.29', ['code']],
  ['ECI 48, reason 29, status 13', ['many-digits']],
];

/** The review's bypass attempts (label after each), run at the table's clock. */
const REVIEW_BYPASSES: [string, FreeTextProblem[]][] = [
  ['Card 4111 1111 1111 111, last digit per Luhn', ['card-number']], // card 15 digits grouped (check digit omitted)
  ['card 4111 1111 1111 1112 minus one at the end', ['card-number']], // card 16 Luhn-invalid grouped
  ['ref 411111111111111', ['card-number']], // card 15 digits unbroken
  ['ref 4111111111111112', ['card-number']], // card 16 Luhn-invalid unbroken
  ['visa 4111 then 1111 then 1111 then 1111', ['many-digits']], // card words between groups
  ['see CR41111111 and CR11111111', ['many-digits']], // card as customer refs
  ['acs id 41111111-1111-1111-aaaa-bbbbbbbbbbbb', ['card-number']], // card in a transaction id
  ['amounts ¥41111111 and ¥11111111', ['long-number']], // card as amounts
  ['times 4:11, 11:11, 11:11, 11:11', ['many-digits']], // card as times
  ['card 4lll llll llll llll', ['card-number']], // card homoglyph l
  ['card 4111 1111 1111 111l', ['card-number']], // card one homoglyph
  ['❹❶❶❶ ❶❶❶❶ ❶❶❶❶ ❶❶❶❶', ['card-number']], // card dingbat negative circled
  ['➃➀➀➀ ➀➀➀➀ ➀➀➀➀ ➀➀➀➀', ['card-number']], // card sans-serif circled
  ['⓸⓵⓵⓵ ⓵⓵⓵⓵ ⓵⓵⓵⓵ ⓵⓵⓵⓵', ['card-number']], // card double circled
  ['Ⅳ Ⅰ Ⅰ Ⅰ Ⅰ Ⅰ Ⅰ Ⅰ Ⅰ Ⅰ Ⅰ Ⅰ Ⅰ Ⅰ Ⅰ Ⅰ', ['card-number']], // card roman numerals
  ['four one one one one one one one one one one one one one one one', ['card-number']], // card spelled English
  ['4a1b1c1d1e1f1g1h1i1j1k1l1m1n1o1', ['many-digits']], // card digits + letters interleaved
  ['1111111111111114 reversed', ['card-number']], // card reversed
  ['四千百十一万千百十一', ['long-number']], // card kanji 百千万
  ['refund 482913円 discussed', ['long-number']], // code 6 in amount yen
  ['refund ¥482,913 discussed', ['long-number']], // code 6 in amount comma
  ['OTP ¥482913', ['code']], // code near OTP as amount
  ['room 482 desk 913', ['many-digits']], // code split by word
  ['Part one: 482. Part two: 913.', ['many-digits']], // code split sentences
  ['ref 4829130000', ['long-number']], // code padded to 10
  ['ticket 482913000', ['long-number']], // code padded to 9
  ['called at 14:23:05', ['long-number']], // code as time
  ['四十八万二千九百十三', ['long-number']], // code kanji 万千百
  ['よん はち に きゅう いち さん', ['long-number']], // code hiragana spelled
  ['ヨン ハチ ニ キュウ イチ サン', ['long-number']], // code katakana spelled
  ['肆捌弐玖壱参', ['long-number']], // code daiji 肆捌
  ['❹❽❷❾❶❸', ['long-number']], // code dingbat
  ['④⑧②⑨①③', ['long-number']], // code circled ①
  ['⑷⑻⑵⑼⑴⑶', ['long-number']], // code parenthesised
  ['⁴⁸²⁹¹³', ['long-number']], // code superscript
  ['48⁄29⁄13', ['long-number']], // code fraction slash
  ['4️⃣8️⃣2️⃣9️⃣1️⃣3️⃣', ['long-number']], // code emoji keycap
  ['４８２９１３', ['long-number']], // code fullwidth
  ['482 9l3', ['long-number']], // code with letter O
  ['4 x 8 x 2 x 9 x 1 x 3', ['many-digits']], // code letters between digits
  ['OTP 482 913', ['code']], // code OTP 3+3
  ['PIN 12 34', ['code']], // code 4-digit PIN split
  ['error code 482913', ['long-number']], // code near 'code' word harmless prefix
  ['OTP 482913 times', ['code']], // code + unit
  ['code 4829 digits', ['code']], // code with digits unit
  ['4 8 2 9 1 3', ['long-number']], // code 6 x 1 digit
  ['4🙂8🙂2🙂9🙂1🙂3', ['long-number']], // code 6 digits emoji separators
  ['4-8-2-9-1-3', ['long-number']], // code tally
  ['48%29%13', ['many-digits']], // code 6 with %
  ['48@29@13', ['many-digits']], // code 6 with @
  ['48$29$13', ['long-number']], // code with currency sign between
  ['mobile 90-1234-5678 (add 0)', ['phone']], // phone drop trunk 0
  ['mobile 090 and 1234 and 5678', ['many-digits']], // phone words between
  ['plus eighty-one 90 1234 5678', ['phone']], // phone country code spelled
  ['81 90 then 1234 5678', ['long-number']], // phone 81 + groups w/ word
  ['O9O-1234-5678', ['phone']], // phone homoglyph O
  ['o90-1234-5678', ['phone']], // phone 0 as letter o with dashes
  ['〇九〇 一二三四 五六七八', ['phone']], // phone kanji spelled w/ 万
  ['09:01 23:45 678', ['phone']], // phone as time+
  ['○90-1234-5678', ['phone']], // phone digits 0 via circle
  ['0120 090-1234-5678', ['phone']], // phone with toll-free prefix trick
  ['0 9 0 1 2 3 4 5 6 7 8', ['phone']], // phone spaced singles
  ['¥0901 ¥2345 ¥678', ['phone']], // phone amounts
  ['customer at example.jp said', ['email']], // email ' at ' after 'customer'
  ['taro.yamada emailed at example.co.jp', ['email']], // email at after preposition word
  ['taro at gmail', ['email']], // email spelled no dot
  ['taro＆example.jp', ['email']], // email ampersand
  ['taro atto example dot jp', ['email']], // email 'atto'
  ['taro﹫example.jp', ['email']], // email small commercial at
  ['taro at example period jp', ['email']], // email full stop word
  ['taro@nifty', ['email']], // email name@ no tld unknown provider
  ['taro@exampledotjp', ['email']], // email domain spelled 'dot' w/o spaces
  ['taro あっと example どっと jp', ['email']], // email hiragana domain
  ['taro. at example. jp', ['email']], // email split across sentences
  ['taro（あっと）example（どっと）jp', ['email']], // email with 'at' in brackets japanese
  ['taro a t example.jp', ['email']], // email 'a t'
  ['pj.elpmaxe@orat', ['email']], // email reversed
  ['taro\n@\nexample.jp', ['email']], // email without @ line-broken
  ['mail is taro on example.jp', ['email']], // email 'mail is taro on example.jp'
  ['taro atmark example.jp', ['email']], // email at-sign word
  ['post 100 and 0001', ['many-digits']], // postcode split by word
  ['〒100.0001', ['postcode']], // postcode dot
  ['100/0001', ['long-number']], // postcode w/ slash
  ['百〇〇〇一', ['long-number']], // postcode kanji
  ['郵便番号 一〇〇 〇〇〇一', ['postcode']], // postcode 〒 kanji
  ['zip one zero zero zero zero zero one', ['postcode']], // postcode spelled
  ['100ー0001', ['postcode']], // postcode without 〒 as 3+4 with ー
  ['100\n0001', ['long-number']], // postcode 3+4 two lines
  ['S55.6.15', ['birth-date']], // dob era abbreviation S
  ['昭和 55 年 6 月 15 日', ['birth-date']], // dob era abbreviation w/ space
  ['昭和55年生まれ 6月15日', ['birth-date']], // dob era 55年 only
  ['born 1980, June 15', ['birth-date']], // dob year month day split
  ['Jun 15 1980', ['birth-date']], // dob Jun 15 1980
  ['15 June 80', ['birth-date']], // dob 15 June 80
  ['80/6/15', ['birth-date']], // dob 80/6/15
  ['6/15/80', ['birth-date']], // dob 6/15/80
  ['15.6.80', ['long-number']], // dob dotted 2-digit
  ['800615', ['long-number']], // dob yymmdd
  ['age 45, birthday 6/15', ['birth-date']], // dob age + birthday
  ['一九八〇年六月十五日', ['birth-date']], // dob kanji 一九八〇年六月十五日
  ['1980 - 06 - 15', ['birth-date']], // dob ISO with spaces
  ['1980-06-15T00:00', ['birth-date']], // dob with T
  ['1980年 6月 15日生', ['birth-date']], // dob month name JP
  ['S55/6/15', ['birth-date']], // dob S55/6/15
  ['Showa 55.6.15', ['long-number']], // dob Showa 55 English
  ['1980 6 15', ['long-number']], // dob R-less year 1980 6 15
  ['80年6月15日', ['birth-date']], // dob '80年6月15日
  ['6月15日 1980年', ['birth-date']], // dob 6月15日 1980
];

/**
 * Review attempts still accepted, as a residual risk: four digits are a PIN, a last four or an
 * error code alike (refusing every 4-digit number would refuse "error code 1234" and the
 * card's last four, which the console shows); a CR reference is exactly what the console
 * prints, and any eight digits after CR are one; English number words other than digits
 * (nineteen eighty, fifteenth) are not read, nor digit words split by other words.
 */
const ACCEPTED_RESIDUAL: string[] = [
  // Found while fixing the review: a toll-free shape carries six digits, but the helpline
  // must pass next to code words ("認証コードが届かない場合は0120-123-456へ").
  'OTP given: 0120-482-913',
  'customer CR00482913',
  'error code 4829',
  'the number they got was 4829',
  'born nineteen eighty, june fifteenth',
  // Digit words split by other words, and place values: "I", "go", "san" and に are ordinary
  // words too, so only four in a row are read as digits (spelled-digits.ts).
  'ichi x ni x san x yon x go x roku',
  'yon juu hachi man ni sen kyuu hyaku juu san',
];

/** The review's ordinary notes that pass (label after each). */
const REVIEW_ORDINARY: string[] = [
  'Advised to call 0120-123-456 if it happens again.', // en issuer helpline 0120
  'App version 10.2.3 on iPhone, iOS 17.1.2.', // en app version
  'Card issued in 2019, first problem since.', // en year
  'Code sent 2026-03-09 14:05, expired before use.', // en dates recent
  'Locked since 3/8, 5 wrong codes.', // en 2 weeks relative
  'Entered the code 5 times wrong, locked.', // en wrong codes count near code word
  'Code expired after 10 minutes, asked for a new one.', // en code expired 10 minutes
  'OTP requests: 3 this week.', // en code count 2024
  'ECI 05, transStatus N, reason 01.', // en ECI value
  'transStatusReason 11 (suspected fraud).', // en transStatusReason
  'Visa ending 4242 locked after 3 wrong codes.', // en last four
  'Caller lives in Tokyo, moved last month.', // en postcode region general
  'Call 14:05-14:20, verified, reset.', // en time range
  'SMS 1 of 3 sent, not received.', // en sms count
  '3DS version 2.2.0 challenge failed.', // en 3-D Secure 2.2.0
  'Using Pixel 8, Android 14.', // en device
  'Caller gave DOB and postcode, verified.', // en dob not given
  'Battery at 5%, call dropped, called back.', // en percent
  'Second reset in 24h, sent for approval.', // en reset within 24h
  'Cardholder since 1998.', // en 15 years ago event
  'Product Gold 2000 card.', // en long card product
  'Called back at 1430.', // en time without colon
  'PIN tries 3/3 used at ATM.', // en PIN count
  'Visa Secure code timed out at 12:03; new code sent 12:05.', // en visa secure + code word
  'Next attempt planned 15/03/2026.', // en date dd/mm recent
  '12,800円の支払いで認証失敗。', // ja 金額
  '0120-123-456へ再度連絡するよう案内。', // ja コールバック番号 0120
  '3月9日14時05分にコード送信、期限切れ。', // ja 日時
  '令和8年3月9日に再試行予定。', // ja 和暦 今日
  '認証コードを5回間違えてロック。', // ja 認証コード 回数
  '認証コードは10分で失効と説明。', // ja 認証コード 分
  '下4桁1234のカード、ロック解除済み。', // ja 下4桁
  'アプリのバージョン10.2.3。', // ja アプリ バージョン
  'SMSは3件中1件のみ届いた。', // ja 件数
  '14:05から14:20まで対応。', // ja 時間
  '80代の方、ゆっくり説明。', // ja 年齢
  '2019年発行のカード。', // ja 年
  'iPhone 15、iOS 17.1.2を利用。', // ja 機種
  '昭和生まれのお客様、SMSに不慣れ。', // ja 昭和 生まれ 年代
  '大阪府在住、先月転居。', // ja 住所 都道府県
  '住所変更は1丁目2番3号とのこと(登録済み)。', // ja 番地
  'パスワードを再設定するよう案内、3回目。', // ja パスワード再設定
  'ワンタイムパスワードが二回届かなかった。', // ja ワンタイム 二回
  '一度目は失敗、二度目も失敗、三度目で成功。', // ja 一二三 in words
  '十分に説明し、納得いただいた。', // ja 十分
  '万一に備え、不正利用の有無を確認。', // ja 万一
  '二十四時間以内の二回目のリセットのため承認依頼。', // ja 二十四時間
  '五十嵐様より入電。', // ja 五十嵐 name
  '一宮市の店舗で利用。', // ja 一宮 place
  '三井住友の口座から引き落とし。', // ja 三井住友
  '八王子の加盟店。', // ja 八王子
  '九州旅行中に利用。', // ja 九州
  'Told caller never to share the CVV or the 3 digits on the back.', // en three-digit cvv mention
  'code 3 times wrong', // en code mention with count
  '六本木の店舗で決済失敗。', // ja 六本木
  '十一月二十日に再度連絡予定。', // ja 十一月
  '千代田区の店舗。', // ja 千代田区
  '四谷三丁目駅近くの加盟店。', // ja 四谷三丁目
  '七五三の衣装購入で決済失敗。', // ja 七五三
  '一二〇〇円の決済。', // ja 一二〇〇円
  // At this table's clock 2011-04-01 is more than 15 years back (see REFUSED_BY_DESIGN).
  'Customer since 2016-04-01, long-standing cardholder.',
  'Code resent at 10:42 and 10:51.',
  'Customer reference CR00112345 verified at 14:05.',
  'Helpline 0120-123-456, QR code 4567.',
  'Amount ¥1,234 refunded by the merchant.',
  'Order ending 5678 declined twice at the merchant.',
  '注文番号 末尾5678で決済失敗。',
  'Locked 2026-11-20, 5 wrong codes, CR00112345.',
  // More of what agents write, to keep the new rules honest.
  'Caller locked out after 3 wrong codes at 14:05; verified DOB and postcode via console; reset.',
  '本人確認済み。14時05分にロック解除、SMS再送。',
  'Merchant: Nova Games. Amount ¥3,980. Declined 2 times.',
  'Visa ending 4242 / JCB ending 0000 both locked.',
  '2回目の問い合わせ。前回は11月20日。',
  'Reset approved by lead at 15:32 (2nd in 24h).',
  'Card replaced in Oct 2025, new card ending 1881.',
  'Call dropped twice, 1st at 10:02, 2nd at 10:15.',
  'Explained the 6-digit code expires in 5 min.',
  '6桁のコードは5分で失効と説明。',
  '認証失敗（エラー05）、3DS 2.2。',
  'Used card at 7-Eleven, ¥540; charged ¥1,080 twice.',
  'Birthday gift purchase failed at 21:30.',
  'Cardholder born in Showa era; no smartphone.',
  '東京にし、ごご に連絡',
  'Checkout ¥12,000 failed, OTP not delivered.',
  '認証コードが届かない場合は0120-123-456へ連絡するよう案内。',
];

/**
 * Ordinary notes the rules refuse on purpose, each with what the agent is told: a
 * standalone run of 5+ digits outside a recognised shape, a phone line that is not toll-free,
 * a date more than 15 years back, 13–19 digits in one chain.
 */
const REFUSED_BY_DESIGN: [string, FreeTextProblem[]][] = [
  // en order number: order numbers: 5+ digits (write 'order ending 5678').
  ["Caller's order number 12345678 at the merchant, declined twice.", ['long-number']],
  // en booking ref: booking refs: 5+ digits.
  ['Hotel booking ref 5839201 failed at checkout.', ['long-number']],
  // en amount no currency: an amount without ¥/円 is a bare number (write ¥12,800).
  ['Tried to pay 12800 at the shop, declined.', ['long-number']],
  // en amount with comma no currency: an amount without ¥/円 is a bare number (write 12,800円).
  ['Purchase of 12,800 failed three times.', ['long-number']],
  // en merchant phone helpline 03: a merchant's ordinary line cannot be told from a caller's; only 0120/0800/0570 pass.
  ['Told caller to ring the merchant on their support line 03-5555-1234.', ['phone']],
  // en date ten years ago: at this clock 2011-04-01 is more than 15 years back: could be a birth date.
  ['Customer since 2011-04-01, long-standing cardholder.', ['birth-date']],
  // en account opened 20 years ago: an account opened more than 15 years back: could be a birth date.
  ['Account opened 2005/04/01, loyal customer.', ['birth-date']],
  // en ref ticket number: ticket numbers: 5+ digits (INC0012345).
  ['Escalated as ticket INC0012345.', ['long-number']],
  // en ticket plain: ticket numbers: 5+ digits.
  ['Ticket 4567890 raised with IT.', ['long-number']],
  // en merchant id: merchant ids: 5+ digits.
  ['Merchant ID 123456 (Rakuten) keeps failing.', ['long-number']],
  // en error code 6 digits: a 6-digit error code is a 6-digit code to a reader.
  ['Merchant shows error code 100234.', ['long-number']],
  // en 12-digit order at amazon: 17 digits in one chain: read as a card number whatever its check digit.
  ['Amazon order 249-1234567-1234567 declined.', ['card-number']],
  // ja 注文番号: 注文番号: 5+ digits.
  ['加盟店の注文番号12345678で決済が失敗。', ['long-number']],
  // ja 金額 カンマ無し通貨無し: an amount without 円 is a bare number (write 12,800円).
  ['12800の支払いが拒否された。', ['long-number']],
  // ja 加盟店電話: a merchant's ordinary line cannot be told from a caller's.
  ['加盟店のサポート 03-5555-1234 に問い合わせ済み。', ['phone']],
  // ja 入会 平成: joined more than 15 years back: could be a birth date.
  ['平成20年4月1日入会の長期会員。', ['birth-date']],
  // ja 入会 2005: joined more than 15 years back: could be a birth date.
  ['2005年4月1日から利用。', ['birth-date']],
  // ja エラーコード6桁: a 6-digit error code is a 6-digit code to a reader.
  ['加盟店画面でエラーコード100234。', ['long-number']],
  // ja 問い合わせ番号: 問い合わせ番号: 5+ digits.
  ['問い合わせ番号 2345678 で記録。', ['long-number']],
  // ja 予約番号: 予約番号: 5+ digits.
  ['ホテル予約番号5839201で失敗。', ['long-number']],
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
  'Paid $120.50 on 11/25; code expired.',
  'called 2026-11-20 14:05',
  '昨日15時に再送',
  '2026年11月25日 14時05分 コード再送。',
  'Lock set on 2026/11/20, reset after the ID check.',
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

describe('issue 16 review: every bypass the rules refuse', () => {
  it.each(REVIEW_BYPASSES)('refuses %j for %j', (text, problems) => {
    expect(freeTextProblems(text, NOW)).toEqual(problems);
  });

  it.each(ACCEPTED_RESIDUAL)('accepts %j (residual risk, see the comment)', (text) => {
    expect(freeTextProblems(text, NOW)).toEqual([]);
  });

  it.each(REFUSED_BY_DESIGN)('refuses the ordinary-looking %j for %j', (text, problems) => {
    expect(freeTextProblems(text, NOW)).toEqual(problems);
  });

  it.each(REVIEW_ORDINARY)('accepts %j', (text) => {
    expect(freeTextProblems(text, NOW)).toEqual([]);
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

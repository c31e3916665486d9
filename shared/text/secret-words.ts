/**
 * Words that say what the digits next to them are, in English and Japanese. A number near
 * "OTP" or 認証番号 is a one-time code even when it is short (PIN 1234); a 3-digit number near
 * "CVV" is the card's security code (PCI DSS 3.3.1: never kept after authorisation); seven
 * digits near "postcode" or 〒 are a verification answer.
 *
 * "code" and コード alone are ambiguous: the code the cardholder received, or an error,
 * reason, QR or product code an agent writes down every day ("error code 1234", "QRコード
 * 4567"). The plain word counts as a code word unless a word naming a harmless code stands
 * right before it; the specific words (verification code, 認証コード, OTP, …) always count.
 *
 * Words are matched as words (not inside longer Latin words) but digits may touch them:
 * "OTP482913" and 認証番号は482913 are both found. Input is the folded text.
 */

export interface WordSpan {
  start: number;
  end: number;
}

const LATIN_WORD = (words: string) => `(?<![a-z])(?:${words})s?(?![a-z])`;

/** Always a secret code. */
const SECRET_CODE_WORDS = new RegExp(
  [
    LATIN_WORD(
      'one[- ]?time (?:pass(?:word|code)|code)|pass ?code|verification code|security code|' +
        'confirmation code|auth(?:entication)? code|sms code|otp|pin',
    ),
    '認証コード|確認コード|承認コード|セキュリティー?コード|ワンタイムパスワード|ワンタイムコード|' +
      'ワンタイム|パスコード|パスワード|暗証番号|認証番号|確認番号|承認番号',
  ].join('|'),
  'giu',
);

/** "code" / コード on their own: see HARMLESS_CODE_BEFORE. */
const PLAIN_CODE_WORD = new RegExp(`${LATIN_WORD('code')}|コード`, 'giu');

/** Kinds of code that are no secret, when they stand right before the word "code"/コード. */
const HARMLESS_CODE_BEFORE = new RegExp(
  `(?:${[
    'error|reason|status|response|result|return|decline|qr|bar|area|country|promo|promotion',
    'coupon|discount|voucher|gift|campaign|product|item|merchant|mcc|eci|transaction|trans',
    'tracking|shop|store|reference|ref|dial|dress|colou?r|source|zip|post|postal|sort|swift',
  ].join('|')})[ -]?$|(?:エラー|理由|ステータス|結果|応答|返答|QR|バー|商品|加盟店|クーポン|` +
    `キャンペーン|ギフト|プロモーション|エリア|取引|拒否|参照|追跡|店舗|郵便|国番号)\\s?$`,
  'iu',
);

/** Words that make 3–4 digits the card security code. */
const CARD_SECURITY_WORDS = new RegExp(
  `${LATIN_WORD('cvv2?|cvc2?|csc|cid|security code')}|セキュリティー?コード|裏面の?(?:3|三)桁`,
  'giu',
);

const POSTCODE_WORDS = new RegExp(
  `${LATIN_WORD('post ?code|postal code|zip(?: ?code)?')}|郵便番号|〒`,
  'giu',
);

/** Where the text names a one-time code (or PIN, password). */
export function codeWords(text: string): WordSpan[] {
  const secret = spansOf(text, SECRET_CODE_WORDS);
  const plain = spansOf(text, PLAIN_CODE_WORD).filter(
    (word) =>
      !HARMLESS_CODE_BEFORE.test(text.slice(Math.max(0, word.start - 16), word.start)) &&
      !secret.some((s) => s.start <= word.start && word.end <= s.end),
  );
  return [...secret, ...plain];
}

/**
 * Only the words that always mean a secret (OTP, 認証コード, PIN…), not the plain "code":
 * next to one of these even a recognised shape (an amount, a CR reference, a toll-free
 * number) is a code in disguise ("OTP ¥4,829").
 */
export function secretCodeWords(text: string): WordSpan[] {
  return spansOf(text, SECRET_CODE_WORDS);
}

export function cardSecurityWords(text: string): WordSpan[] {
  return spansOf(text, CARD_SECURITY_WORDS);
}

export function postcodeWords(text: string): WordSpan[] {
  return spansOf(text, POSTCODE_WORDS);
}

function spansOf(text: string, pattern: RegExp): WordSpan[] {
  return [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

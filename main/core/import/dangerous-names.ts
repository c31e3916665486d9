/**
 * Field names that say the column holds a secret: a one-time code, a card security code, a
 * PIN or a password, in English and Japanese, in any case, spelling or separator
 * (authCode, AUTH-CODE, auth_code, ＯＴＰ, 暗証番号, ワンタイムパスワード…). A file with one is
 * refused whole before anything is written: such a column should never have left the ACS.
 * Reuses the free-text guard's words (shared/text/secret-words.ts), so a name is judged as a
 * note would be: "code" alone counts unless a harmless word stands before it (post code,
 * reason code, error code).
 */
import { codeWords } from '../../../shared/text/secret-words.ts';

/** Words that are a secret wherever they stand as a word in the name. */
const SECRET_WORDS =
  /(?<![a-z])(?:otp|totp|hotp|cvv2?|cvc2?|cav2|csc|pins?|pwd|passwd|passwords?|passcodes?|secrets?)(?![a-z])/u;

/** Run together (no separator), these still say secret: "cardpassword", "smsotp", "cvvvalue". */
const SECRET_FRAGMENTS =
  /password|passwd|passcode|onetime|cvv|cvc|^otp|otp$|authcode|verificationcode|securitycode|pincode|^pin$/u;

/** Japanese words: codeWords has the long list; these catch what it reads as harmless. */
const JAPANESE_SECRETS =
  /暗証|ワンタイム|パスワード|パスコード|セキュリティー?コード|ピン番号|PIN番号|秘密/u;

/** Codes that are no secret but that the free-text guard's list does not name. */
const HARMLESS_CODES =
  /(?<![a-z])(?:currency|category|iso|language|locale|branch|bank|mcc) code(?![a-z])/gu;

/** "authCode" → "auth code", "OTPValue" → "otp value", "auth_code" → "auth code". */
function asWords(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/([a-z0-9])([A-Z])/gu, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/gu, '$1 $2')
    .toLowerCase()
    .replace(/[\s_\-.:/\\|()[\]{}]+/gu, ' ')
    .trim();
}

/** Whether a field or column name says it holds a code, OTP, CVV/CVC, PIN or password. */
export function isDangerousFieldName(name: string): boolean {
  const words = asWords(name);
  if (words === '') return false;
  if (SECRET_WORDS.test(words)) return true;
  if (SECRET_FRAGMENTS.test(words.replace(/ /gu, ''))) return true;
  if (JAPANESE_SECRETS.test(name.normalize('NFKC'))) return true;
  return codeWords(words.replace(HARMLESS_CODES, ' ')).length > 0;
}

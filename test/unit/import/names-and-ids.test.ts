/**
 * The names that refuse a file and the ids that refuse a line. Every field the format
 * itself names must pass, or no file could be imported; every spelling of a secret must not.
 */
import { describe, expect, it } from 'vitest';
import { isDangerousFieldName } from '../../../main/core/import/dangerous-names.ts';
import { formatFieldNames } from '../../../main/core/import/schemas.ts';
import { isSensitiveIdentifier } from '../../../main/core/import/sensitive-shapes.ts';

const SECRET_NAMES = [
  'otp',
  'OTP',
  'Otp',
  'ＯＴＰ',
  'otp_code',
  'smsOtp',
  'OTPValue',
  'authCode',
  'auth_code',
  'AUTH-CODE',
  'authentication code',
  'verification_code',
  'securityCode',
  'cvv',
  'CVV2',
  'cvc',
  'cardCvc',
  'csc',
  'pin',
  'PIN',
  'pinCode',
  'card_pin',
  'password',
  'passWord',
  'passwd',
  'passcode',
  'oneTimePassword',
  'one_time_password',
  'code',
  'Code',
  'secret',
  '暗証番号',
  '認証コード',
  '認証番号',
  '確認コード',
  'ワンタイムパスワード',
  'ワンタイム',
  'パスワード',
  'パスコード',
  'セキュリティコード',
  'セキュリティーコード',
  'コード',
];

const HARMLESS_NAMES = [
  ...formatFieldNames(),
  'postal_code',
  'zip_code',
  'currency_code',
  'merchant_category_code',
  'reason_code',
  'error code',
  'country_code',
  'response_code',
  'shipping',
  'opinion',
  'footprint',
  'description',
  '郵便番号',
  '認証結果',
  '認証日時',
  '取引ID',
  'カードID',
  '基準時刻',
  '備考',
  '加盟店',
];

describe('dangerous field names', () => {
  it.each(SECRET_NAMES)('"%s" names a secret', (name) => {
    expect(isDangerousFieldName(name)).toBe(true);
  });
  it.each(HARMLESS_NAMES)('"%s" does not', (name) => {
    expect(isDangerousFieldName(name)).toBe(false);
  });
});

describe('external ids shaped like a card number, phone or email', () => {
  it.each([
    '4111111111111111',
    '4111-1111-1111-1111',
    '4111 1111 1111 1111',
    'CARD-4111111111111111',
    '411111111111',
    '09012345678',
    '090-1234-5678',
    '+819012345678',
    '+44 7700 900123',
    '0312345678',
    'someone@example.jp',
    'user@host',
  ])('"%s" is refused', (id) => {
    expect(isSensitiveIdentifier(id)).toBe(true);
  });
  it.each([
    'IMP-H-001',
    'H00012345',
    'CR00112345',
    'acs-7f3e-0001',
    'ACSREF-VX-0001',
    '2026-11-20',
    'LK-2026-000123',
    'M-TOKYO-77',
    '123456789',
  ])('"%s" is kept', (id) => {
    expect(isSensitiveIdentifier(id)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  Code,
  Identifier,
  MaskedCard,
  MaskedEmail,
  MaskedPhone,
  PersonName,
  Timestamp,
} from '../../../shared/contract/index.ts';

describe('named string types refuse what they must not carry', () => {
  it('masked card: brand and last 4 only', () => {
    expect(MaskedCard.safeParse('VISA •••• 4242').success).toBe(true);
    expect(MaskedCard.safeParse('4111111111111111').success).toBe(false);
    expect(MaskedCard.safeParse('VISA 411111 •••• 1111').success).toBe(false);
  });
  it('masked email and phone', () => {
    expect(MaskedEmail.safeParse('t•••@example.jp').success).toBe(true);
    expect(MaskedEmail.safeParse('taro@example.jp').success).toBe(false);
    expect(MaskedPhone.safeParse('+81 •• •••• ••78').success).toBe(true);
    expect(MaskedPhone.safeParse('+81 90 1234 5678').success).toBe(false);
  });
  it('identifiers and codes have no spaces or free text', () => {
    expect(Identifier.safeParse('acs-8f2c1d').success).toBe(true);
    expect(Identifier.safeParse('your code is 123456').success).toBe(false);
    expect(Code.safeParse('locked_after_wrong_codes').success).toBe(true);
    expect(Code.safeParse('a b').success).toBe(false);
  });
  it('timestamps are ISO UTC', () => {
    expect(Timestamp.safeParse(new Date(0).toISOString()).success).toBe(true);
    expect(Timestamp.safeParse('yesterday').success).toBe(false);
  });
  it('a person name cannot hold digits', () => {
    expect(PersonName.safeParse('佐藤 花子').success).toBe(true);
    expect(PersonName.safeParse('Hanako 123456').success).toBe(false);
    expect(PersonName.safeParse('Ｈａｎａｋｏ １２３').success).toBe(false);
  });
});

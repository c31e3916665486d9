import { describe, expect, it } from 'vitest';
import { maskPhone, normaliseMobile } from '../../../shared/input/mobile.ts';

const MASKED = /^\+\d{1,3} [• ]+\d{2}$/u;

describe('normaliseMobile', () => {
  it.each([
    '090-1234-5678',
    '09012345678',
    '090 1234 5678',
    ' 090 1234 5678 ',
    '+81 90 1234 5678',
    '+81-90-1234-5678',
    '+819012345678',
    '+81 (0)90 1234 5678',
    '(090) 1234-5678',
    '（０９０）１２３４－５６７８',
    '０９０－１２３４－５６７８',
    '０９０１２３４５６７８',
    '＋８１ ９０ １２３４ ５６７８',
    '＋８１　９０　１２３４　５６７８',
    '090‐1234‐5678',
    '090−1234−5678',
    '090–1234–5678',
    '090.1234.5678',
    '010 81 90 1234 5678', // dialled from Japan with the international prefix
  ])('%s is +819012345678', (typed) => {
    expect(normaliseMobile(typed)).toBe('+819012345678');
  });

  it.each([
    ['080-9876-5432', '+818098765432'],
    ['070 1111 2222', '+817011112222'],
    ['０７０－１１１１－２２２２', '+817011112222'],
    ['+81 80 9876 5432', '+818098765432'],
    ['03-1234-5678', '+81312345678'], // a landline: the metadata cannot tell
    ['0120-123-456', '+81120123456'],
    ['0800-123-4567', '+818001234567'],
  ])('reads the Japanese number %s as %s', (typed, e164) => {
    expect(normaliseMobile(typed)).toBe(e164);
  });

  it.each([
    ['+44 7700 900123', '+447700900123'],
    ['+44 (0)7700 900123', '+447700900123'],
    ['＋４４ ７７００ ９００１２３', '+447700900123'],
    ['+1 415 555 2671', '+14155552671'],
    ['+1 (415) 555-2671', '+14155552671'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+82 10-1234-5678', '+821012345678'],
    ['+852 9123 4567', '+85291234567'],
  ])('reads %s, given with its country code, as %s', (typed, e164) => {
    expect(normaliseMobile(typed)).toBe(e164);
  });

  it.each([
    '',
    '   ',
    '+',
    '---',
    '12345',
    '090-1234',
    '090-1234-567', // one digit short: the loose metadata would take it
    '080-123-4567',
    '0701234567',
    '090-1234-56789', // one digit too many
    '+81 90 1234 56789 0',
    '+8112',
    'abc',
    '090-1234-567a',
    '090-ABCD-5678',
    '090ー1234ー5678', // katakana long-vowel mark, not a dash
    '+1 800 FLOWERS',
    '090-1234-5678 ext 12',
    '090+1234+5678',
    '81+9012345678',
    '++81 90 1234 5678',
    'taro@example.jp',
    '4111 1111 1111 1111',
    '7700 900123', // a British number without its country code is not Japanese
    '9012345678', // nor is a Japanese one without its trunk 0
  ])('%j is not a phone number', (typed) => {
    expect(normaliseMobile(typed)).toBeNull();
  });
});

describe('normaliseMobile on its own output', () => {
  it('returns E.164 unchanged, for every 070/080/090 block', () => {
    for (const prefix of ['+8170', '+8180', '+8190']) {
      for (const rest of ['10000000', '12345678', '98765432', '55501234']) {
        const e164 = `${prefix}${rest}`;
        expect(normaliseMobile(e164)).toBe(e164);
        expect(maskPhone(e164)).toBe(`+81 •• •••• ••${rest.slice(-2)}`);
      }
    }
  });
});

describe('maskPhone', () => {
  it.each([
    ['+819012345678', '+81 •• •••• ••78'],
    ['+818098765432', '+81 •• •••• ••32'],
    ['+817011112222', '+81 •• •••• ••22'],
    ['+81312345678', '+81 • •••• ••78'],
    ['+447700900123', '+44 •••• ••••23'],
    ['+14155552671', '+1 ••• ••• ••71'],
    ['+33612345678', '+33 • •• •• •• 78'],
    ['+85291234567', '+852 •••• ••67'],
    ['+818001234567', '+81 ••• ••• ••67'], // 0800 free dial is grouped 3/3/4
  ])('masks %s as %s', (e164, masked) => {
    expect(maskPhone(e164)).toBe(masked);
    expect(maskPhone(e164)).toMatch(MASKED);
  });

  it.each([
    '+819012345678',
    '+818012345600',
    '+8190123456789', // possible but not valid: no format, grouped 2/4/rest
    '+447700900123',
    '+14155552671',
    '+33612345678',
    '+4915123456789',
    '+8613800138000',
    '+821012345678',
    '+61412345678',
    '+85291234567',
    '+8801712345678',
    '+79123456789',
  ])('%s masks to the country code, bullets and its last two digits', (e164) => {
    const masked = maskPhone(e164);
    expect(masked).toMatch(MASKED);
    expect(masked.endsWith(e164.slice(-2))).toBe(true);
    expect(masked.replace(/\D/gu, '').length).toBeLessThanOrEqual(3 + 2);
  });

  it('masks whatever normaliseMobile returns', () => {
    for (const typed of ['090-1234-5678', '+44 7700 900123', '+1 415 555 2671']) {
      const e164 = normaliseMobile(typed);
      expect(e164).not.toBeNull();
      expect(maskPhone(e164 ?? '')).toMatch(MASKED);
    }
  });

  it.each(['09012345678', '+81 90 1234 5678', '819012345678', '', '+', '+81', 'abc'])(
    'refuses %j, which is not E.164',
    (typed) => {
      expect(() => maskPhone(typed)).toThrow(RangeError);
    },
  );
});

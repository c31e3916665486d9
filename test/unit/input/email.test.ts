import { describe, expect, it } from 'vitest';
import { maskEmail, normaliseEmail } from '../../../shared/input/email.ts';

const MASKED = /^[^\s@•]?•{3}@[^\s@]+$/u;

describe('normaliseEmail', () => {
  it.each([
    ['hanako@example.jp', 'hanako@example.jp'],
    ['  Hanako.Sato12@Example.JP ', 'hanako.sato12@example.jp'],
    ['TARO+CARDS@MAIL.EXAMPLE.CO.JP', 'taro+cards@mail.example.co.jp'],
    ['ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ', 'hanako@example.jp'],
    ['ＨＡＮＡＫＯ＠ＥＸＡＭＰＬＥ．ＪＰ', 'hanako@example.jp'],
    ['\u3000hanako@example.jp\u3000', 'hanako@example.jp'],
    ['\thanako@example.jp\n', 'hanako@example.jp'],
    ['a@b.c', 'a@b.c'],
    ['o_brien-j@example.com', 'o_brien-j@example.com'],
  ])('%j is %s', (typed, email) => {
    expect(normaliseEmail(typed)).toBe(email);
  });

  it.each([
    '',
    '   ',
    'hanako',
    'hanako@',
    '@example.jp',
    '@',
    'a@b@example.jp',
    'hanako＠example＠jp',
    'hana ko@example.jp',
    'hanako@exam ple.jp',
    'hanako@example.jp hanako@example.jp',
    'hanako@　example.jp',
    'hanako@localhost',
    'hanako@example',
    'hanako@.example.jp',
    'hanako@example.jp.',
    'hanako@example..jp',
    'hanako@.',
  ])('%j is not an address', (typed) => {
    expect(normaliseEmail(typed)).toBeNull();
  });

  it('gives one form for every spelling of an address', () => {
    const spellings = [
      'Hanako@Example.jp',
      'HANAKO@EXAMPLE.JP',
      ' ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ ',
    ];
    expect(new Set(spellings.map(normaliseEmail))).toEqual(new Set(['hanako@example.jp']));
  });
});

describe('maskEmail', () => {
  it.each([
    ['hanako.sato12@example.jp', 'h•••@example.jp'],
    ['taro@example.jp', 't•••@example.jp'],
    ['e@example.com', 'e•••@example.com'],
    ['1234@mail.example.co.jp', '1•••@mail.example.co.jp'],
    ['山田@example.jp', '山•••@example.jp'],
    ['😀smile@example.jp', '😀•••@example.jp'],
    ['•dot@example.jp', '•••@example.jp'],
  ])('masks %s as %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
    expect(maskEmail(email)).toMatch(MASKED);
  });

  it('masks whatever normaliseEmail returns', () => {
    for (const typed of ['Hanako.Sato@Example.JP', 'ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ', 'x@y.z']) {
      const email = normaliseEmail(typed);
      expect(email).not.toBeNull();
      expect(maskEmail(email ?? '')).toMatch(MASKED);
    }
  });

  it('never shows more of the local part than its first character', () => {
    expect(maskEmail('secret@example.jp')).not.toContain('ecret');
  });

  it.each(['', 'hanako', '@example.jp', 'hanako@', 'hanako@exa mple.jp'])(
    'refuses %j, which is not an address',
    (email) => {
      expect(() => maskEmail(email)).toThrow(RangeError);
    },
  );
});

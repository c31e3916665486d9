import { describe, expect, it } from 'vitest';
import { normalisePostcode } from '../../../shared/input/postcode.ts';

describe('normalisePostcode', () => {
  it.each([
    '100-0001',
    '1000001',
    '〒100-0001',
    '〒1000001',
    '〒 100-0001',
    '〒 100－0001',
    '〒　１００－０００１',
    '〶100-0001',
    '１００－０００１',
    '１０００００１',
    ' 100-0001 ',
    '\u3000100-0001\u3000',
    '100‐0001',
    '100−0001',
    '100 - 0001',
    '100 0001',
  ])('%j is 1000001', (typed) => {
    expect(normalisePostcode(typed)).toBe('1000001');
  });

  it('keeps leading zeros', () => {
    expect(normalisePostcode('060-0001')).toBe('0600001');
  });

  it.each([
    '',
    '   ',
    '〒',
    '100-001',
    '10-00001',
    '100001',
    '10000011',
    '100-00011',
    '100_0001',
    '100/0001',
    '100--0001',
    '100ー0001', // katakana long-vowel mark, not a hyphen
    'abc-defg',
    '100-000a',
    '〒〒100-0001',
    '100-0001〒',
    '東京都100-0001',
  ])('%j is not a postcode', (typed) => {
    expect(normalisePostcode(typed)).toBeNull();
  });
});

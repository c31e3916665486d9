import { describe, expect, it } from 'vitest';
import { normaliseCustomerRef } from '../../../shared/input/customer-ref.ts';

describe('normaliseCustomerRef', () => {
  it.each([
    'CR00112345',
    'cr00112345',
    'Cr00112345',
    ' CR00112345 ',
    'CR-00112345',
    'cr-001 12345',
    'CR 0011 2345',
    'C R 0 0 1 1 2 3 4 5',
    'CR‐0011‐2345',
    'ＣＲ００１１２３４５',
    'ｃｒ－００１１２３４５',
    '\u3000ＣＲ　００１１２３４５\u3000',
  ])('%j is CR00112345', (typed) => {
    expect(normaliseCustomerRef(typed)).toBe('CR00112345');
  });

  it.each([
    '',
    '   ',
    'CR',
    'CR123',
    'CR0011234',
    'CR001123456',
    'XX00112345',
    'RC00112345',
    'C00112345',
    '00112345',
    'CR0011234X',
    'CR_00112345',
    'CR.00112345',
    'CRー00112345', // katakana long-vowel mark, not a hyphen
    'CR00112345CR',
    'CR００１１２３４５６',
  ])('%j is not a customer reference', (typed) => {
    expect(normaliseCustomerRef(typed)).toBeNull();
  });
});

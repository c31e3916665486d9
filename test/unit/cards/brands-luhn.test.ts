import { describe, expect, it } from 'vitest';
import { brandOf } from '../../../shared/cards/brands.ts';
import { luhnCheckDigit, luhnValid } from '../../../shared/cards/luhn.ts';
import { maskCard } from '../../../shared/cards/mask.ts';

describe('card brands by prefix', () => {
  it.each([
    ['378282246310005', 'AMEX'],
    ['36227206271667', 'DINERS'],
    ['30569309025904', 'DINERS'],
    ['3530111333300000', 'JCB'],
    ['4111111111111111', 'VISA'],
    ['5555555555554444', 'MASTERCARD'],
    ['2223003122003222', 'MASTERCARD'],
    ['6011111111111117', 'DISCOVER'],
    ['6445644564456445', 'DISCOVER'],
    ['6200000000000005', 'UNIONPAY'],
  ])('%s is %s', (number, brand) => {
    expect(brandOf(number)?.brand).toBe(brand);
    expect(luhnValid(number)).toBe(true);
  });

  it('knows nothing of unassigned prefixes', () => {
    expect(brandOf('1234567890123')).toBeNull();
    expect(brandOf('3400')?.lengths).toEqual([15]);
    expect(brandOf('3527000000000000')).toBeNull();
  });
});

describe('luhn', () => {
  it('checks and completes numbers', () => {
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnCheckDigit('411111111111111')).toBe('1');
    expect(luhnValid('abc')).toBe(false);
  });
});

describe('maskCard', () => {
  it('shows brand and last four only', () => {
    expect(maskCard('VISA', '4242')).toBe('VISA •••• 4242');
    expect(() => maskCard('VISA', '42424')).toThrow();
  });
});

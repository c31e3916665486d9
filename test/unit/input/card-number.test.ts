import { describe, expect, it } from 'vitest';
import { looksLikeCardNumber, parseCardNumber } from '../../../shared/input/card-number.ts';

describe('parseCardNumber', () => {
  it.each([
    ['4111111111111111', '4111111111111111', 'VISA'],
    ['4111 1111 1111 1111', '4111111111111111', 'VISA'],
    ['4111-1111-1111-1111', '4111111111111111', 'VISA'],
    ['  4111 1111 1111 1111  ', '4111111111111111', 'VISA'],
    ['４１１１－１１１１－１１１１－１１１１', '4111111111111111', 'VISA'],
    ['４１１１　１１１１　１１１１　１１１１', '4111111111111111', 'VISA'],
    ['4111‐1111‐1111‐1111', '4111111111111111', 'VISA'],
    ['4111–1111–1111–1111', '4111111111111111', 'VISA'],
    ['4111−1111−1111−1111', '4111111111111111', 'VISA'],
    ['4111 - 1111 - 1111 - 1111', '4111111111111111', 'VISA'],
    ['4222222222222', '4222222222222', 'VISA'],
    ['4111 1111 1111 1111 110', '4111111111111111110', 'VISA'],
    ['378282246310005', '378282246310005', 'AMEX'],
    ['3782 822463 10005', '378282246310005', 'AMEX'],
    ['371449635398431', '371449635398431', 'AMEX'],
    ['3566 0020 2036 0505', '3566002020360505', 'JCB'],
    ['5555 5555 5555 4444', '5555555555554444', 'MASTERCARD'],
    ['2223 0031 2200 3222', '2223003122003222', 'MASTERCARD'],
    ['6011 1111 1111 1117', '6011111111111117', 'DISCOVER'],
    ['6011 0009 9013 9424', '6011000990139424', 'DISCOVER'],
    ['3056 9309 0259 04', '30569309025904', 'DINERS'],
    ['3622 720627 1667', '36227206271667', 'DINERS'],
    ['6200 0000 0000 0005', '6200000000000005', 'UNIONPAY'],
  ])('%s is the valid number %s (%s)', (typed, digits, brand) => {
    expect(parseCardNumber(typed)).toEqual({ ok: true, digits, brand });
  });

  it.each(['', '   ', '　', ' - - ', '－'])('%j is empty', (typed) => {
    expect(parseCardNumber(typed)).toEqual({
      ok: false,
      problem: 'empty',
      brand: null,
      lengths: [],
    });
  });

  it.each([
    '4111 abcd 1111 1111',
    '4111_1111_1111_1111',
    '4111.1111.1111.1111',
    '4111/1111/1111/1111',
    '4111ー1111ー1111ー1111', // the katakana long-vowel mark is not a dash
    '4111ｰ1111ｰ1111ｰ1111', // nor is its half-width form
    '4111 1111 1111 111O', // letter O
    '+4111111111111111',
    '٤١١١١١١١١١١١١١١١', // Arabic-Indic digits are not NFKC-folded to ASCII
  ])('%s has characters that are not digits', (typed) => {
    expect(parseCardNumber(typed)).toEqual({
      ok: false,
      problem: 'not-digits',
      brand: null,
      lengths: [],
    });
  });

  it.each(['9999 1111 1111 1111', '1234 5678 9012 3456', '0000 0000 0000 0000', '7', '3100'])(
    '%s starts like no brand',
    (typed) => {
      expect(parseCardNumber(typed)).toEqual({
        ok: false,
        problem: 'unknown-brand',
        brand: null,
        lengths: [],
      });
    },
  );

  it('checks the brand before the length', () => {
    expect(parseCardNumber('99')).toMatchObject({ problem: 'unknown-brand' });
  });

  it.each([
    ['411111111111111', 'VISA', [13, 16, 19]],
    ['4111 1111 1111 11111', 'VISA', [13, 16, 19]],
    ['４１１１１１１１１１１１１１', 'VISA', [13, 16, 19]],
    ['4', 'VISA', [13, 16, 19]],
    ['37828224631000', 'AMEX', [15]],
    ['3782822463100050', 'AMEX', [15]],
    ['555555555555444', 'MASTERCARD', [16]],
    ['55555555555544440', 'MASTERCARD', [16]],
    ['356600202036050', 'JCB', [16, 17, 18, 19]],
    ['3056930902590', 'DINERS', [14, 15, 16, 17, 18, 19]],
    ['60111111111111170000', 'DISCOVER', [16, 17, 18, 19]],
  ])('%s has a length %s numbers do not have', (typed, brand, lengths) => {
    expect(parseCardNumber(typed)).toEqual({ ok: false, problem: 'length', brand, lengths });
  });

  it('reports a wrong length before a wrong check digit', () => {
    // 15 digits starting 4 that also fail Luhn.
    expect(parseCardNumber('411111111111112')).toMatchObject({ problem: 'length' });
  });

  it.each([
    ['4111111111111112', 'VISA', [13, 16, 19]],
    ['4111 1111 1111 1121', 'VISA', [13, 16, 19]], // two digits swapped
    ['４１１１－１１１１－１１１１－１１１２', 'VISA', [13, 16, 19]],
    ['4222222222223', 'VISA', [13, 16, 19]],
    ['378282246310006', 'AMEX', [15]],
    ['3566002020360506', 'JCB', [16, 17, 18, 19]],
    ['5555555555554445', 'MASTERCARD', [16]],
    ['6011111111111118', 'DISCOVER', [16, 17, 18, 19]],
    ['6200000000000006', 'UNIONPAY', [16, 17, 18, 19]],
  ])('%s fails the check digit (%s)', (typed, brand, lengths) => {
    expect(parseCardNumber(typed)).toEqual({ ok: false, problem: 'luhn', brand, lengths });
  });
});

describe('looksLikeCardNumber', () => {
  it.each([
    '411111111111',
    '4111 1111 1111',
    '4111-1111-1111-1111',
    '４１１１－１１１１－１１１１－１１１１',
    '4111111111111112', // not a valid card, but the agent meant one
    '9999 9999 9999 9999',
  ])('%s looks like a card number', (typed) => {
    expect(looksLikeCardNumber(typed)).toBe(true);
  });

  it.each([
    '',
    '1234',
    '４３２１',
    '41111111111',
    '090-1234-5678',
    '+81 90 1234 5678',
    'CR00112345',
    '1980-04-12',
    '4111 1111 1111 abcd',
    'Sato',
  ])('%s does not', (typed) => {
    expect(looksLikeCardNumber(typed)).toBe(false);
  });
});

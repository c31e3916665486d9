/**
 * Card brands by prefix and length (DOMAIN.md). The longest matching prefix wins, so 6011
 * (Discover) beats nothing shorter and 3528–3589 (JCB) is told from 35xx outside that range.
 */
export const BRANDS = [
  'AMEX',
  'DINERS',
  'JCB',
  'VISA',
  'MASTERCARD',
  'DISCOVER',
  'UNIONPAY',
] as const;
export type Brand = (typeof BRANDS)[number];

interface PrefixRange {
  brand: Brand;
  /** Inclusive range of the number's first `digits` digits. */
  from: number;
  to: number;
  digits: number;
  lengths: readonly number[];
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const FOURTEEN_TO_NINETEEN = range(14, 19);
const SIXTEEN_TO_NINETEEN = range(16, 19);

const PREFIXES: readonly PrefixRange[] = [
  { brand: 'AMEX', from: 34, to: 34, digits: 2, lengths: [15] },
  { brand: 'AMEX', from: 37, to: 37, digits: 2, lengths: [15] },
  { brand: 'DINERS', from: 36, to: 36, digits: 2, lengths: FOURTEEN_TO_NINETEEN },
  { brand: 'DINERS', from: 300, to: 305, digits: 3, lengths: FOURTEEN_TO_NINETEEN },
  { brand: 'DINERS', from: 38, to: 39, digits: 2, lengths: FOURTEEN_TO_NINETEEN },
  { brand: 'JCB', from: 3528, to: 3589, digits: 4, lengths: SIXTEEN_TO_NINETEEN },
  { brand: 'VISA', from: 4, to: 4, digits: 1, lengths: [13, 16, 19] },
  { brand: 'MASTERCARD', from: 51, to: 55, digits: 2, lengths: [16] },
  { brand: 'MASTERCARD', from: 2221, to: 2720, digits: 4, lengths: [16] },
  { brand: 'DISCOVER', from: 6011, to: 6011, digits: 4, lengths: SIXTEEN_TO_NINETEEN },
  { brand: 'DISCOVER', from: 644, to: 649, digits: 3, lengths: SIXTEEN_TO_NINETEEN },
  { brand: 'DISCOVER', from: 65, to: 65, digits: 2, lengths: SIXTEEN_TO_NINETEEN },
  { brand: 'UNIONPAY', from: 62, to: 62, digits: 2, lengths: SIXTEEN_TO_NINETEEN },
];

export interface BrandMatch {
  brand: Brand;
  lengths: readonly number[];
}

/** The brand a number's prefix names, or null. Needs only the first digits. */
export function brandOf(digits: string): BrandMatch | null {
  let best: PrefixRange | null = null;
  for (const candidate of PREFIXES) {
    if (digits.length < candidate.digits) continue;
    const prefix = Number(digits.slice(0, candidate.digits));
    if (
      prefix >= candidate.from &&
      prefix <= candidate.to &&
      (!best || candidate.digits > best.digits)
    ) {
      best = candidate;
    }
  }
  return best ? { brand: best.brand, lengths: best.lengths } : null;
}

/** Example prefixes per brand, for generating demo numbers. */
export const BRAND_PREFIX_EXAMPLES: Record<Brand, { prefix: string; length: number }[]> = {
  AMEX: [
    { prefix: '34', length: 15 },
    { prefix: '37', length: 15 },
  ],
  DINERS: [
    { prefix: '36', length: 14 },
    { prefix: '300', length: 14 },
  ],
  JCB: [
    { prefix: '3528', length: 16 },
    { prefix: '3566', length: 16 },
  ],
  VISA: [
    { prefix: '4', length: 16 },
    { prefix: '49', length: 16 },
  ],
  MASTERCARD: [
    { prefix: '51', length: 16 },
    { prefix: '2221', length: 16 },
  ],
  DISCOVER: [
    { prefix: '6011', length: 16 },
    { prefix: '65', length: 16 },
  ],
  UNIONPAY: [{ prefix: '62', length: 16 }],
};

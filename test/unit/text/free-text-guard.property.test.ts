/**
 * Issue 16 acceptance: any Luhn-valid 12–19 digit number, interleaved with any mix of
 * separators, zero-width characters and digit scripts, is refused as a card number — not
 * only the spellings someone thought of for the table. And since the review, any 13–19 digit
 * number whatever its check digit (a card with the last digit left off or changed) is refused
 * too: as a card number, or as a phone number when it starts like one (090…, +81…).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../../../shared/cards/luhn.ts';
import { freeTextProblems } from '../../../shared/text/free-text-guard.ts';

const NOW = new Date('2026-11-27T09:00:00.000Z');

/** Each digit 0–9 in one script. */
const SCRIPTS: readonly (readonly string[])[] = [
  [...'0123456789'],
  [...'０１２３４５６７８９'], // full-width
  [...'٠١٢٣٤٥٦٧٨٩'], // Arabic-Indic
  [...'۰۱۲۳۴۵۶۷۸۹'], // Persian (extended Arabic-Indic)
  [...'०१२३४५६७८९'], // Devanagari
  [...'০১২৩৪৫৬৭৮৯'], // Bengali
  [...'๐๑๒๓๔๕๖๗๘๙'], // Thai
  [...'〇一二三四五六七八九'], // kanji numerals
  [...'⓪①②③④⑤⑥⑦⑧⑨'], // circled
  [...'𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗'], // mathematical bold
];

const SEPARATORS = [
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\u3000', // ideographic space
  '\u00A0', // no-break space
  '-',
  '‐',
  '‑',
  '–',
  '—',
  '―',
  '−',
  '－',
  'ー',
  'ｰ',
  '.',
  '．',
  '/',
  '／',
  '\\',
  ',',
  '，',
  '_',
  '(',
  ')',
  '[',
  ']',
  '（',
  '）',
  '「',
  '」',
  ':',
  ';',
  '|',
  '~',
  '〜',
  '・',
  '、',
  '。',
  '*',
  '#',
  '+',
  '•',
  '🙂',
];

const INVISIBLE = [
  '\u200B', // zero-width space
  '\u200C', // zero-width non-joiner
  '\u200D', // zero-width joiner
  '\u2060', // word joiner
  '\uFEFF', // BOM / zero-width no-break space
  '\u00AD', // soft hyphen
  '\u180E', // Mongolian vowel separator
  '\u200E', // left-to-right mark
  '\u202E', // right-to-left override
  '\u2066', // left-to-right isolate
  '\u034F', // combining grapheme joiner
  '\uFE0F', // variation selector
  '\u0332', // combining low line
  '\u20E3', // combining enclosing keycap
];

const PREFIXES = ['', 'card ', 'PAN: ', 'カード番号は', '番号：', 'note\n'];
const SUFFIXES = ['', ' thanks', 'です', ' exp 12/29', '。', ' (caller)'];

const luhnValidNumber = fc
  .integer({ min: 12, max: 19 })
  .chain((length) =>
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length - 1, maxLength: length - 1 }),
  )
  .map((digits) => {
    const partial = digits.join('');
    return partial + luhnCheckDigit(partial);
  });

const anyNumber = fc
  .integer({ min: 13, max: 19 })
  .chain((length) =>
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }),
  )
  .map((digits) => digits.join(''))
  // A toll-free number (0120…, 0800…, 0570…) inside is read as the helpline it looks like,
  // and the digits around it as a short number: the one shape this property leaves out (a
  // Luhn-valid card around it is still caught by the property above).
  .filter((number) => !/0120|0800|0570/u.test(number));

const filler = fc
  .array(fc.constantFrom(...SEPARATORS, ...INVISIBLE), { maxLength: 3 })
  .map((parts) => parts.join(''));

/** The number as an agent might disguise it: each digit in its drawn script, fillers between. */
function writtenWith(number: string, scripts: readonly number[], fillers: readonly string[]) {
  return [...number]
    .map((digit, i) => {
      const script = SCRIPTS[scripts[i] ?? 0] ?? SCRIPTS[0];
      const glyph = script?.[Number(digit)] ?? digit;
      return i === 0 ? glyph : `${fillers[i] ?? ''}${glyph}`;
    })
    .join('');
}

describe('free-text guard, property', () => {
  it('refuses every Luhn-valid 12–19 digit number however it is written', () => {
    fc.assert(
      fc.property(
        luhnValidNumber,
        fc.array(fc.nat({ max: SCRIPTS.length - 1 }), { minLength: 19, maxLength: 19 }),
        fc.array(filler, { minLength: 19, maxLength: 19 }),
        fc.constantFrom(...PREFIXES),
        fc.constantFrom(...SUFFIXES),
        (number, scripts, fillers, prefix, suffix) => {
          const written = writtenWith(number, scripts, fillers);
          expect(freeTextProblems(`${prefix}${written}${suffix}`, NOW)).toContain('card-number');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses every 13–19 digit number, Luhn-valid or not, however it is written', () => {
    fc.assert(
      fc.property(
        anyNumber,
        fc.array(fc.nat({ max: SCRIPTS.length - 1 }), { minLength: 19, maxLength: 19 }),
        fc.array(filler, { minLength: 19, maxLength: 19 }),
        fc.constantFrom(...PREFIXES),
        fc.constantFrom(...SUFFIXES),
        (number, scripts, fillers, prefix, suffix) => {
          const written = writtenWith(number, scripts, fillers);
          const problems = freeTextProblems(`${prefix}${written}${suffix}`, NOW);
          expect(problems.includes('card-number') || problems.includes('phone')).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

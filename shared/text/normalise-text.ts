/**
 * The note as the guard reads it: what a person reading the screen would see, with every
 * disguise a keyboard offers taken off. Notes are read by people (leads, the next agent), so
 * anything a reader would take for a digit is a digit here, and anything a reader cannot see
 * is not there at all.
 *
 * - NFKC: full-width and half-width forms, circled and parenthesised digits (①, ⑴),
 *   superscripts, mathematical digits (𝟒), era ligatures (㍼ → 昭和) and ＠ become plain.
 * - Invisible characters go: zero-width space/joiners, word joiner, BOM, soft hyphen,
 *   Mongolian vowel separator, bidi controls, variation selectors, Hangul fillers — every
 *   default-ignorable or format character. So do combining marks (a keycap 4️⃣ is "4"; a
 *   digit with a combining underline is still that digit).
 * - Every Unicode decimal digit (Arabic-Indic ٤, Persian ۴, Devanagari ४, Thai ๔, …) and every
 *   kanji numeral (〇一二三四五六七八九, the legal forms 零壱弐参, and 十 as in 五十五) becomes
 *   ASCII, so "四一一一" and "٤١١١" are "4111".
 *
 * The result is only for checking; the stored note is `storedNoteText` (NFKC, invisible
 * characters removed, trimmed) so a lead reads what the agent wrote.
 */

/** Characters that render as nothing: default-ignorable code points and format controls. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;

/** Combining marks: they decorate the character before them and never change what it is. */
const COMBINING = /[\p{Mn}\p{Me}]/gu;

const DECIMAL_DIGIT = /\p{Nd}/gu;
const IS_DECIMAL_DIGIT = /^\p{Nd}$/u;

const KANJI_DIGIT: Readonly<Record<string, string>> = {
  〇: '0',
  零: '0',
  一: '1',
  壱: '1',
  二: '2',
  弐: '2',
  三: '3',
  参: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};
const KANJI_DIGITS = Object.keys(KANJI_DIGIT).join('');

/** 十 (or the legal 拾) with an optional multiplier and unit digit: 十二 → 12, 五十五 → 55. */
const KANJI_TENS = new RegExp(`([${KANJI_DIGITS}]?)[十拾]([${KANJI_DIGITS}]?)`, 'gu');
const KANJI_DIGIT_CHAR = new RegExp(`[${KANJI_DIGITS}]`, 'gu');

/** ○ (a white circle) is written for zero between kanji digits (二○二六); elsewhere it is a mark. */
const CIRCLE_AS_ZERO = /(?<=\d)○+|○+(?=\d)/gu;

/** The note as stored and shown: NFKC, nothing invisible (no hidden bidi reordering), trimmed. */
export function storedNoteText(input: string): string {
  return input.normalize('NFKC').replace(INVISIBLE, '').trim();
}

/** The note as the guard reads it (see the file comment). */
export function foldForChecking(input: string): string {
  return input
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(COMBINING, '')
    .replace(DECIMAL_DIGIT, asciiDigit)
    .replace(KANJI_TENS, (_, tens: string, units: string) => {
      const t = tens === '' ? 1 : Number(KANJI_DIGIT[tens]);
      const u = units === '' ? 0 : Number(KANJI_DIGIT[units]);
      return String(t * 10 + u);
    })
    .replace(KANJI_DIGIT_CHAR, (kanji) => KANJI_DIGIT[kanji] ?? kanji)
    .replace(CIRCLE_AS_ZERO, (circles) => '0'.repeat(circles.length));
}

const digitValues = new Map<number, string>();

/**
 * Unicode encodes every set of decimal digits as ten consecutive code points from zero to
 * nine, and some sets sit back to back; so the value is the distance from the start of the
 * block of consecutive digits, modulo ten.
 */
function asciiDigit(digit: string): string {
  const code = digit.codePointAt(0) ?? 0;
  if (code < 0x80) return digit;
  const known = digitValues.get(code);
  if (known !== undefined) return known;
  let start = code;
  while (IS_DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  const value = String((code - start) % 10);
  digitValues.set(code, value);
  return value;
}

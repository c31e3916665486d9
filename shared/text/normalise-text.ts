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
 * - Digits spelled as words — English, romaji, Roman numerals i–ix, kana — are digits when
 *   four or more digit words and digits stand in a row (spelled-digits.ts): "ichi ni san yon
 *   go roku" and "iv ix vii iii i ii" are "123456" and "497312" to a reader.
 *
 * The result is only for checking; the stored note is `storedNoteText` (NFKC, invisible
 * characters removed, trimmed) so a lead reads what the agent wrote.
 */

import { spellDigits } from './spelled-digits.ts';

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
  壹: '1',
  二: '2',
  弐: '2',
  弍: '2',
  貳: '2',
  三: '3',
  参: '3',
  參: '3',
  四: '4',
  肆: '4',
  五: '5',
  伍: '5',
  六: '6',
  陸: '6',
  七: '7',
  漆: '7',
  八: '8',
  捌: '8',
  九: '9',
  玖: '9',
};
const KANJI_DIGITS = Object.keys(KANJI_DIGIT).join('');
/** Place values inside a number (十, 百, 千 and their legal forms) and the myriads (万, 億). */
const KANJI_PLACE: Readonly<Record<string, number>> = {
  十: 10,
  拾: 10,
  百: 100,
  佰: 100,
  千: 1000,
  仟: 1000,
};
const KANJI_MYRIAD: Readonly<Record<string, number>> = { 万: 1e4, 萬: 1e4, 億: 1e8 };

/**
 * A run of kanji numerals. 万/億 only count after a numeral (二万, 三千万): on their own they
 * start ordinary words (万一, 万全, 億劫), so a run never starts with one.
 */
const KANJI_NUMBER = new RegExp(
  `[${KANJI_DIGITS}十拾百佰千仟]+(?:[${KANJI_DIGITS}十拾百佰千仟万萬億]+)?`,
  'gu',
);

/** ○ (a white circle) is written for zero between kanji digits (二○二六); elsewhere it is a mark. */
const CIRCLE_AS_ZERO = /(?<=\d)○+|○+(?=\d)/gu;

/**
 * Digits NFKC leaves alone: dingbat circled digits (❶ ➀ ➊), double-circled (⓵), negative
 * circled (⓫ ⓿), and Roman numerals (Ⅳ would otherwise become the letters IV).
 */
function symbolDigit(char: string): string | null {
  const code = char.codePointAt(0) ?? 0;
  for (const start of [0x2776, 0x2780, 0x278a]) {
    if (code >= start && code < start + 10) return String(code - start + 1);
  }
  if (code >= 0x24f5 && code <= 0x24fe) return String(code - 0x24f5 + 1);
  if (code >= 0x24eb && code <= 0x24f4) return String(code - 0x24eb + 11);
  if (code === 0x24ff) return '0';
  if (code >= 0x2160 && code <= 0x216b) return String(code - 0x2160 + 1);
  if (code >= 0x2170 && code <= 0x217b) return String(code - 0x2170 + 1);
  return null;
}
const SYMBOL_DIGIT = /[\u2776-\u2793\u24eb-\u24f4\u24f5-\u24ff\u2160-\u216b\u2170-\u217b]/gu;

/**
 * Letters that pass for digits: l and I for 1, O and o for 0. Only inside a word that is all
 * such letters and digits and holds a digit ("4lll", "9l3", "o90"), or a word of them joined
 * to one by separators alone ("4lll llll"): "I", "lol" and "Ollie" stay words. A bar | is not
 * one: between digit groups it is read as a separator (4111|1111 is one chain), and reading
 * it as a 1 too would add a digit to the number the reader sees.
 */
const TOKEN = /[\p{L}\p{N}]+/gu;
const LOOKALIKE_TOKEN = /^[\dlIoO]+$/u;
const LOOKALIKE = /[lIoO]/gu;
const CHAIN_GAP = /^[\s\-‐‑‒–—―−ー.・/]{1,3}$/u;

/** The note as stored and shown: NFKC, nothing invisible (no hidden bidi reordering), trimmed. */
export function storedNoteText(input: string): string {
  return input.normalize('NFKC').replace(INVISIBLE, '').trim();
}

/** The note as the guard reads it (see the file comment). */
export function foldForChecking(input: string): string {
  const folded = input
    .replace(SYMBOL_DIGIT, (char) => symbolDigit(char) ?? char)
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(COMBINING, '')
    .replace(DECIMAL_DIGIT, asciiDigit)
    .replace(KANJI_NUMBER, kanjiNumber)
    .replace(CIRCLE_AS_ZERO, (circles) => '0'.repeat(circles.length));
  // After every digit script is ASCII, so a run may mix words and digits ("四 eight 二 nine").
  return foldLookalikes(spellDigits(folded));
}

/**
 * 四十八万二千九百十三 → 482913, 五十五 → 55, 四一一一 → 4111. A run that is not a well-formed
 * number (百〇〇〇一) is read place by place: each numeral as its digit, 十/百/千 as 10/100/1000,
 * 万 as 0000 — every digit the writer meant is still there for the guard to count.
 */
function kanjiNumber(run: string): string {
  const parsed = parseKanjiNumber(run);
  if (parsed !== null) return parsed;
  let out = '';
  for (const char of run) {
    out +=
      KANJI_DIGIT[char] ?? (KANJI_PLACE[char] !== undefined ? String(KANJI_PLACE[char]) : '0000');
  }
  return out;
}

function parseKanjiNumber(run: string): string | null {
  const chars = [...run];
  // Digits alone are written positionally: 一二〇〇 is 1200, 四一一一 is 4111.
  if (chars.every((char) => KANJI_DIGIT[char] !== undefined)) {
    return chars.map((char) => KANJI_DIGIT[char]).join('');
  }
  let total = 0n;
  let section = 0n;
  let digit: bigint | null = null;
  let lastPlace = 10001n;
  let lastMyriad = 10n ** 13n;
  for (const char of chars) {
    const d = KANJI_DIGIT[char];
    if (d !== undefined) {
      if (digit !== null) return null;
      digit = BigInt(d);
      continue;
    }
    const place = KANJI_PLACE[char];
    if (place !== undefined) {
      const p = BigInt(place);
      if (p >= lastPlace || digit === 0n) return null;
      section += (digit ?? 1n) * p;
      lastPlace = p;
      digit = null;
      continue;
    }
    const myriad = BigInt(KANJI_MYRIAD[char] ?? 0);
    if (myriad >= lastMyriad || (section === 0n && digit === null)) return null;
    total += (section + (digit ?? 0n)) * myriad;
    lastMyriad = myriad;
    section = 0n;
    digit = null;
    lastPlace = 10001n;
  }
  return String(total + section + (digit ?? 0n));
}

function foldLookalikes(text: string): string {
  const tokens = [...text.matchAll(TOKEN)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    word: m[0],
    fold: LOOKALIKE_TOKEN.test(m[0]) && /\d/u.test(m[0]),
  }));
  const candidate = (i: number) => {
    const t = tokens[i];
    return t !== undefined && LOOKALIKE_TOKEN.test(t.word) && t.word.length >= 2;
  };
  const joined = (a: number, b: number) => {
    const left = tokens[a];
    const right = tokens[b];
    return (
      left !== undefined && right !== undefined && CHAIN_GAP.test(text.slice(left.end, right.start))
    );
  };
  // Spread from words with a digit to look-alike words joined to them, both ways.
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (
      t !== undefined &&
      !t.fold &&
      tokens[i - 1]?.fold === true &&
      candidate(i) &&
      joined(i - 1, i)
    )
      t.fold = true;
  }
  for (let i = tokens.length - 2; i >= 0; i--) {
    const t = tokens[i];
    if (
      t !== undefined &&
      !t.fold &&
      tokens[i + 1]?.fold === true &&
      candidate(i) &&
      joined(i, i + 1)
    )
      t.fold = true;
  }
  if (!tokens.some((t) => t.fold)) return text;
  let out = '';
  let at = 0;
  for (const t of tokens) {
    if (!t.fold) continue;
    out +=
      text.slice(at, t.start) +
      t.word.replace(LOOKALIKE, (c) => (c === 'o' || c === 'O' ? '0' : '1'));
    at = t.end;
  }
  return out + text.slice(at);
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

/**
 * Digits spelled as words, read back as digits: "ichi ni san yon go roku", "よん はち に きゅう",
 * "four one one one", "iv ix vii iii", or any mix of these and written digits ("48 two nine
 * 13", "zero kyuu 0 ichi"). A reader takes each of these for the number it spells, so the
 * guard does too.
 *
 * A digit word is a whole word from one of these vocabularies:
 * - English: zero, oh, one … nine;
 * - romaji, Hepburn and kunrei spellings alike: zero/rei/maru, ichi/iti, ni/nii, san,
 *   yon/shi/si, go, roku, nana/shichi/sichi, hachi/hati, kyuu/kyu/ku (kyū and kyû too);
 * - Roman numerals i to ix (x is left alone: "4 x 8" is a separator, and ten is no digit);
 * - kana: ゼロ/レイ/マル, イチ, ニ, サン, ヨン/シ, ゴ, ロク, ナナ/シチ, ハチ, キュウ/ク, in hiragana or
 *   katakana, with a dictation's long vowel (ニー, ゴー).
 *
 * Most of these are also ordinary words ("I", "go", "one", "san", に, し, ご), so a word counts
 * as a digit only inside a run: four or more digit words and digit groups in a row with
 * nothing between them but separators (white space, punctuation, symbols — the ones that join
 * digit groups, digit-chains.ts), and either all four words, or two of them words that are not
 * a single kana. "Customer will call back at 3", "I go", "Tanaka san", "1, 2, 3, go" and
 * "14:05に、ご案内" stay words.
 *
 * A word must stand on its own. Part of a longer word ("going", "ninety") is none; kana
 * written together are words (ごご, にし, くに, しちごさん are not 55, 24, 92, 753) unless they
 * spell four or more digit words and nothing else (いちにさんよんごろく: no word of a call note
 * is that), or five or more inside longer kana (はよんはちにきゅういちさんです); a Roman
 * numeral glued to digits is a name (i5, v2); digits glued to a Latin word that is no digit
 * word are an id (CR00112345, 3DS) and end a run.
 *
 * Input is the note after NFKC, with invisible characters and combining marks removed and
 * every other digit script (kanji numerals included) made ASCII (normalise-text.ts).
 * Linear in the length of the text.
 */

const ENGLISH: readonly [string, string][] = [
  ['zero', '0'],
  ['oh', '0'],
  ['one', '1'],
  ['two', '2'],
  ['three', '3'],
  ['four', '4'],
  ['five', '5'],
  ['six', '6'],
  ['seven', '7'],
  ['eight', '8'],
  ['nine', '9'],
];

const ROMAJI: readonly [string, string][] = [
  ['rei', '0'],
  ['maru', '0'],
  ['ichi', '1'],
  ['iti', '1'],
  ['ni', '2'],
  ['nii', '2'],
  ['san', '3'],
  ['yon', '4'],
  ['shi', '4'],
  ['si', '4'],
  ['go', '5'],
  ['roku', '6'],
  ['nana', '7'],
  ['shichi', '7'],
  ['sichi', '7'],
  ['hachi', '8'],
  ['hati', '8'],
  ['kyuu', '9'],
  ['kyu', '9'],
  ['ku', '9'],
];

const ROMAN: readonly [string, string][] = [
  ['i', '1'],
  ['ii', '2'],
  ['iii', '3'],
  ['iv', '4'],
  ['v', '5'],
  ['vi', '6'],
  ['vii', '7'],
  ['viii', '8'],
  ['ix', '9'],
];
const ROMAN_VALUE = new Map(ROMAN);

const LATIN_VALUE = new Map([...ENGLISH, ...ROMAJI, ...ROMAN]);

const KANA: readonly [string, string][] = [
  ['ぜろ', '0'],
  ['れい', '0'],
  ['まる', '0'],
  ['いち', '1'],
  ['に', '2'],
  ['さん', '3'],
  ['よん', '4'],
  ['し', '4'],
  ['ご', '5'],
  ['ろく', '6'],
  ['なな', '7'],
  ['しち', '7'],
  ['はち', '8'],
  ['きゅう', '9'],
  ['きゅー', '9'],
  ['く', '9'],
];
const KANA_VALUE = new Map(KANA);
/** Longest first, so しち is read before し. No other word is the start of another. */
const KANA_BY_LENGTH = [...KANA_VALUE.keys()].sort((a, b) => b.length - a.length);

/** Kana written together are digits only when they spell at least this many words… */
const GLUED_KANA_MIN_WORDS = 4;
/** …or, inside longer kana, this many: a number of five digits is already a long number. */
const GLUED_KANA_INSIDE_MIN_WORDS = 5;
/** A run is read as digits from this many members: words, or words and digit groups… */
const RUN_MIN_MEMBERS = 4;
/**
 * …and, when digit groups are among them, at least this many words other than a single kana:
 * "1, 2, 3, go" is a list and a verb, "14:05に、ご案内" a time and two particles.
 */
const RUN_MIN_STRONG_WORDS = 2;

/**
 * A Latin word, a group of ASCII digits, a kana word (a long-vowel mark ー only after kana),
 * or any other letter or number, one at a time: the last are never digit words and only
 * end a run.
 */
const SEGMENT =
  /(\p{sc=Latin}+)|([0-9]+)|([\p{sc=Hiragana}\p{sc=Katakana}][\p{sc=Hiragana}\p{sc=Katakana}ー]*)|[\p{L}\p{N}]/gu;

/** What may stand between two members of a run: the separators of digit-chains.ts. */
const SEPARATOR = /^[\s\p{P}\p{Sm}\p{Sk}\p{So}\p{Sc}ー]$/u;
const MEANINGFUL = /^[@%〒]$/u;

type Kind = 'latin' | 'digits' | 'kana' | 'other';

interface Segment {
  start: number;
  end: number;
  kind: Kind;
  /** The digits this segment stands for, or null when it is no digit word or group. */
  digits: string | null;
  /** How many digit words it is (0 for a digit group). */
  words: number;
  /**
   * A single kana (に, し, ご, く): a particle, a verb's stem or an honorific far more often
   * than a digit ("14:05に、ご案内"), so it joins digit groups only beside other words.
   */
  weak: boolean;
  /** Digit words inside longer kana (はよんはちにきゅういちさんです), read as digits on their own. */
  inner: Replacement[];
}

interface Replacement {
  start: number;
  end: number;
  digits: string;
}

/** The text with every qualifying run of spelled digits written as digits. */
export function spellDigits(text: string): string {
  const segments = segmentsOf(text);
  markGluedDigits(text, segments);
  const replacements: Replacement[] = [];
  let run: Segment[] = [];
  const flush = () => {
    if (qualifies(run)) {
      for (const member of run) {
        if (member.words > 0 && member.digits !== null) {
          replacements.push({ start: member.start, end: member.end, digits: member.digits });
        }
      }
    }
    run = [];
  };
  for (const segment of segments) {
    if (segment.digits === null) {
      flush();
      replacements.push(...segment.inner);
      continue;
    }
    const last = run.at(-1);
    if (last !== undefined && !onlySeparators(text.slice(last.end, segment.start))) flush();
    run.push(segment);
  }
  flush();
  let out = '';
  let at = 0;
  for (const replacement of replacements) {
    out += text.slice(at, replacement.start) + replacement.digits;
    at = replacement.end;
  }
  return out + text.slice(at);
}

function qualifies(run: readonly Segment[]): boolean {
  let members = 0;
  let words = 0;
  let strongWords = 0;
  for (const member of run) {
    members += Math.max(member.words, 1);
    words += member.words;
    if (!member.weak) strongWords += member.words;
  }
  return (
    words >= RUN_MIN_MEMBERS || (members >= RUN_MIN_MEMBERS && strongWords >= RUN_MIN_STRONG_WORDS)
  );
}

function segmentsOf(text: string): Segment[] {
  const segments: Segment[] = [];
  for (const match of text.matchAll(SEGMENT)) {
    const start = match.index;
    const end = start + match[0].length;
    if (match[1] !== undefined) {
      const digits = LATIN_VALUE.get(latinKey(match[1])) ?? null;
      segments.push({
        start,
        end,
        kind: 'latin',
        digits,
        words: digits === null ? 0 : 1,
        weak: false,
        inner: [],
      });
    } else if (match[2] !== undefined) {
      segments.push({
        start,
        end,
        kind: 'digits',
        digits: match[2],
        words: 0,
        weak: false,
        inner: [],
      });
    } else if (match[3] !== undefined) {
      const digits = kanaDigits(match[3]);
      segments.push({
        start,
        end,
        kind: 'kana',
        digits,
        words: digits?.length ?? 0,
        weak: match[3].length === 1,
        inner: digits === null ? innerKanaDigits(match[3], start) : [],
      });
    } else {
      segments.push({ start, end, kind: 'other', digits: null, words: 0, weak: false, inner: [] });
    }
  }
  return segments;
}

/**
 * A Roman numeral glued to digits is part of a name (i5, v2, 3v); digits glued to a Latin
 * word that is no digit word are part of an id (CR00112345, 3DS, 2nd): neither is a member.
 */
function markGluedDigits(text: string, segments: Segment[]): void {
  const glued = (a: Segment | undefined, b: Segment | undefined) =>
    a !== undefined && b !== undefined && a.end === b.start;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (s?.kind !== 'latin' || s.digits === null) continue;
    const roman = ROMAN_VALUE.has(latinKey(text.slice(s.start, s.end)));
    const before = segments[i - 1];
    const after = segments[i + 1];
    if (
      roman &&
      ((glued(before, s) && before?.kind === 'digits') ||
        (glued(s, after) && after?.kind === 'digits'))
    ) {
      s.digits = null;
      s.words = 0;
    }
  }
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (s?.kind !== 'digits') continue;
    for (const neighbour of [segments[i - 1], segments[i + 1]]) {
      const touching = neighbour !== undefined && (glued(neighbour, s) || glued(s, neighbour));
      if (touching && neighbour.kind === 'latin' && neighbour.digits === null) s.digits = null;
    }
  }
}

/** Lower case, accents off: kyū, kyû and KYU are all kyu. */
function latinKey(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The digits a kana segment spells: one digit word (に, ニー, キュウ), or glued words when they
 * are at least GLUED_KANA_MIN_WORDS and nothing else (いちにさんよん); otherwise null.
 */
function kanaDigits(segment: string): string | null {
  const hiragana = toHiragana(segment);
  const single = KANA_VALUE.get(hiragana) ?? KANA_VALUE.get(hiragana.replace(/ー+$/u, ''));
  if (single !== undefined) return single;
  const whole = gluedWordsAt(hiragana, 0);
  return whole.end === hiragana.length && whole.digits.length >= GLUED_KANA_MIN_WORDS
    ? whole.digits
    : null;
}

/**
 * Digit words glued inside longer kana, after a particle or before a copula
 * (はよんはちにきゅういちさんです): a stretch of GLUED_KANA_INSIDE_MIN_WORDS or more is read as
 * digits. One pass: a stretch ends where no word starts, and the scan goes on from there.
 */
function innerKanaDigits(segment: string, offset: number): Replacement[] {
  const hiragana = toHiragana(segment);
  const found: Replacement[] = [];
  let at = 0;
  while (at < hiragana.length) {
    const stretch = gluedWordsAt(hiragana, at);
    if (stretch.end === at) {
      at++;
      continue;
    }
    if (stretch.digits.length >= GLUED_KANA_INSIDE_MIN_WORDS) {
      found.push({ start: offset + at, end: offset + stretch.end, digits: stretch.digits });
    }
    at = stretch.end;
  }
  return found;
}

/** Digit words glued one after another from `start` (longest word first), and where they end. */
function gluedWordsAt(hiragana: string, start: number): { digits: string; end: number } {
  let digits = '';
  let at = start;
  for (;;) {
    const word = KANA_BY_LENGTH.find((w) => hiragana.startsWith(w, at));
    if (word === undefined) return { digits, end: at };
    digits += KANA_VALUE.get(word) ?? '';
    at += word.length;
    while (hiragana[at] === 'ー') at++;
  }
}

/** Katakana to hiragana (the two blocks are 0x60 apart); ー and the rest are kept. */
function toHiragana(kana: string): string {
  return kana.replace(/[\u30A1-\u30F6]/gu, (char) =>
    String.fromCharCode(char.charCodeAt(0) - 0x60),
  );
}

function onlySeparators(gap: string): boolean {
  for (const char of gap) {
    if (!SEPARATOR.test(char) || MEANINGFUL.test(char)) return false;
  }
  return true;
}

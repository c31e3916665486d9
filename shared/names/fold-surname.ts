/**
 * Surname search keys. A kanji surname has no single reading, so a cardholder is found by
 * the surname as registered (kanji) and by its readings (kana, romaji); the query and the
 * stored readings are folded the same way, so the spellings callers and agents use meet:
 *   NFKC, lower case, no spaces:      ＳＡＴＯ, " Sato " → sato
 *   katakana → hiragana:              サトウ → さとう
 *   romaji long vowels:               Satō, Satou, Satoh, Sato → sato; Ōno, Oono, Ohno → ono;
 *                                     Yūki, Yuuki → yuki (ā ē ī ō ū and â ê î ô û too)
 *   kana long vowels:                 さとう, さとお, サトー → さと; こうの → この
 * Folding never merges different consonants or vowels (Sato ≠ Saito, Ono ≠ Onoe).
 */

const MACRONS: Record<string, string> = {
  ā: 'a',
  ē: 'e',
  ī: 'i',
  ō: 'o',
  ū: 'u',
  â: 'a',
  ê: 'e',
  î: 'i',
  ô: 'o',
  û: 'u',
};

/** Kana whose vowel is o / u: a following う (or お after o) only lengthens it. */
const O_ROW = new Set('おこそとのほもよろごぞどぼぽょ');
const U_ROW = new Set('うくすつぬふむゆるぐずづぶぷゅ');

export function foldSurname(input: string): string {
  const text = input
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s・·.'’-]+/gu, '');
  return /[\p{Script=Latin}]/u.test(text) ? foldRomaji(text) : foldKana(toHiragana(text));
}

function foldRomaji(text: string): string {
  return text
    .replace(/[āēīōūâêîôû]/gu, (c) => MACRONS[c] ?? c)
    .replace(/oh(?![aeiouy])/gu, 'o')
    .replace(/o[ou]/gu, 'o')
    .replace(/uu/gu, 'u')
    .replace(/aa/gu, 'a')
    .replace(/ii/gu, 'i')
    .replace(/ee/gu, 'e');
}

function toHiragana(text: string): string {
  return text.replace(/[\u30a1-\u30f6]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

function foldKana(text: string): string {
  let out = '';
  for (const char of text) {
    const previous = out.at(-1) ?? '';
    if (char === 'ー') continue;
    if (char === 'う' && (O_ROW.has(previous) || U_ROW.has(previous))) continue;
    if (char === 'お' && O_ROW.has(previous)) continue;
    out += char;
  }
  return out;
}

/**
 * Digits as a reader joins them. "4111/1111/1111/1111", "482 913", "090(1234)5678" and a card
 * number broken over two lines are each one number to whoever reads the note, so the guard
 * reads them as one: digit groups with nothing but separators between them form a chain.
 *
 * A separator is anything that is neither a letter nor a digit and carries no meaning of its
 * own: white space and line breaks, punctuation of every script (dashes, dots, slashes,
 * commas, brackets, colons, 、。・), symbols and emoji, and the katakana long-vowel mark ー that
 * Japanese keyboards give for a dash. A letter, %, @ and 〒 end a chain: they make the digits
 * mean something else (a word, a share, an address). A currency sign between digit groups
 * joins them ("¥0901 ¥2345 ¥678" is a phone number to a reader); an amount inside a chain is
 * still recognised as one (recognised-numbers.ts) and only its digits count.
 *
 * Input is the folded text (normalise-text.ts), so every digit is ASCII already.
 */

export interface DigitGroup {
  /** The digits as written, without separators. */
  digits: string;
  start: number;
  end: number;
  /** What stands between this group and the one before it in its chain ('' for the first). */
  gapBefore: string;
}

const SEPARATOR = /^[\s\p{P}\p{Sm}\p{Sk}\p{So}\p{Sc}ー]$/u;
const MEANINGFUL = /^[@%〒]$/u;

/** Chains of digit groups, in order; every digit of the text is in exactly one group. */
export function digitChains(text: string): DigitGroup[][] {
  const chains: DigitGroup[][] = [];
  let chain: DigitGroup[] = [];
  let previousEnd = -1;
  for (const match of text.matchAll(/\d+/gu)) {
    const gap = previousEnd < 0 ? '' : text.slice(previousEnd, match.index);
    const joined = previousEnd >= 0 && onlySeparators(gap);
    if (!joined && chain.length > 0) {
      chains.push(chain);
      chain = [];
    }
    chain.push({
      digits: match[0],
      start: match.index,
      end: match.index + match[0].length,
      gapBefore: joined ? gap : '',
    });
    previousEnd = match.index + match[0].length;
  }
  if (chain.length > 0) chains.push(chain);
  return chains;
}

function onlySeparators(gap: string): boolean {
  for (const char of gap) {
    if (!SEPARATOR.test(char) || MEANINGFUL.test(char)) return false;
  }
  return true;
}

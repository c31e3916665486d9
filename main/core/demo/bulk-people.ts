/**
 * The cardholders of a large demo beyond its first 200: shaped like an issuer's book rather
 * than a training set. Surnames spread as in Japan (the most common held by several percent
 * of cardholders, a long tail of rarer ones), several cards for some cardholders, and 3-D
 * Secure histories with a long tail (most cards a few attempts, a few cards thousands).
 * Deterministic from the seed and the cardholder's index, so any slice can be made alone.
 */
import { BRAND_PREFIX_EXAMPLES, type Brand } from '../../../shared/cards/brands.ts';
import { luhnCheckDigit } from '../../../shared/cards/luhn.ts';
import {
  ENGLISH_GIVEN_NAMES,
  ENGLISH_SURNAMES,
  JAPANESE_GIVEN_NAMES,
  JAPANESE_SURNAMES,
  type JapaneseName,
} from './demo-names.ts';
import { type DemoPerson, type FixedPerson, person, PRODUCTS } from './demo-people.ts';
import { seededRandom, type SeededRandom } from './seeded-random.ts';

/** Cardholders from this index on are bulk ones (the first ones are the familiar demo). */
export const BULK_FROM = 200;

/** Share of Japanese cardholders whose surname is one of the common ones (Zipf-spread). */
const COMMON_SHARE = 0.45;
const ZIPF = 0.9;
const commonWeights = JAPANESE_SURNAMES.map((_, k) => 1 / (k + 1) ** ZIPF);
const commonTotal = commonWeights.reduce((a, b) => a + b, 0);
const commonCumulative = (() => {
  let sum = 0;
  return commonWeights.map((w) => (sum += w / commonTotal));
})();

/** Rarer surnames: two parts, as many Japanese surnames are (大 + 島 → 大島 オオシマ Oshima). */
const FIRST_PARTS: readonly JapaneseName[] = [
  { kanji: '大', kana: 'オオ', latin: 'O' },
  { kanji: '小', kana: 'コ', latin: 'Ko' },
  { kanji: '中', kana: 'ナカ', latin: 'Naka' },
  { kanji: '高', kana: 'タカ', latin: 'Taka' },
  { kanji: '石', kana: 'イシ', latin: 'Ishi' },
  { kanji: '松', kana: 'マツ', latin: 'Matsu' },
  { kanji: '竹', kana: 'タケ', latin: 'Take' },
  { kanji: '梅', kana: 'ウメ', latin: 'Ume' },
  { kanji: '北', kana: 'キタ', latin: 'Kita' },
  { kanji: '南', kana: 'ミナミ', latin: 'Minami' },
  { kanji: '西', kana: 'ニシ', latin: 'Nishi' },
  { kanji: '東', kana: 'ヒガシ', latin: 'Higashi' },
  { kanji: '今', kana: 'イマ', latin: 'Ima' },
  { kanji: '宮', kana: 'ミヤ', latin: 'Miya' },
  { kanji: '川', kana: 'カワ', latin: 'Kawa' },
  { kanji: '菊', kana: 'キク', latin: 'Kiku' },
  { kanji: '桜', kana: 'サクラ', latin: 'Sakura' },
  { kanji: '藤', kana: 'フジ', latin: 'Fuji' },
  { kanji: '岩', kana: 'イワ', latin: 'Iwa' },
  { kanji: '吉', kana: 'ヨシ', latin: 'Yoshi' },
  { kanji: '福', kana: 'フク', latin: 'Fuku' },
  { kanji: '長', kana: 'ナガ', latin: 'Naga' },
  { kanji: '平', kana: 'ヒラ', latin: 'Hira' },
  { kanji: '深', kana: 'フカ', latin: 'Fuka' },
  { kanji: '浅', kana: 'アサ', latin: 'Asa' },
  { kanji: '三', kana: 'ミ', latin: 'Mi' },
  { kanji: '本', kana: 'モト', latin: 'Moto' },
  { kanji: '杉', kana: 'スギ', latin: 'Sugi' },
  { kanji: '青', kana: 'アオ', latin: 'Ao' },
  { kanji: '白', kana: 'シラ', latin: 'Shira' },
];
const SECOND_PARTS: readonly JapaneseName[] = [
  { kanji: '島', kana: 'シマ', latin: 'shima' },
  { kanji: '田', kana: 'タ', latin: 'ta' },
  { kanji: '野', kana: 'ノ', latin: 'no' },
  { kanji: '山', kana: 'ヤマ', latin: 'yama' },
  { kanji: '川', kana: 'カワ', latin: 'kawa' },
  { kanji: '村', kana: 'ムラ', latin: 'mura' },
  { kanji: '井', kana: 'イ', latin: 'i' },
  { kanji: '原', kana: 'ハラ', latin: 'hara' },
  { kanji: '沢', kana: 'サワ', latin: 'sawa' },
  { kanji: '木', kana: 'キ', latin: 'ki' },
  { kanji: '谷', kana: 'タニ', latin: 'tani' },
  { kanji: '岡', kana: 'オカ', latin: 'oka' },
  { kanji: '崎', kana: 'サキ', latin: 'saki' },
  { kanji: '浜', kana: 'ハマ', latin: 'hama' },
  { kanji: '森', kana: 'モリ', latin: 'mori' },
  { kanji: '口', kana: 'グチ', latin: 'guchi' },
  { kanji: '尾', kana: 'オ', latin: 'o' },
  { kanji: '部', kana: 'ベ', latin: 'be' },
  { kanji: '城', kana: 'シロ', latin: 'shiro' },
  { kanji: '橋', kana: 'ハシ', latin: 'hashi' },
  { kanji: '坂', kana: 'サカ', latin: 'saka' },
  { kanji: '瀬', kana: 'セ', latin: 'se' },
  { kanji: '江', kana: 'エ', latin: 'e' },
  { kanji: '宮', kana: 'ミヤ', latin: 'miya' },
  { kanji: '池', kana: 'イケ', latin: 'ike' },
];

function japaneseSurname(random: SeededRandom): JapaneseName {
  if (random.next() < COMMON_SHARE) {
    const roll = random.next();
    const k = commonCumulative.findIndex((c) => roll < c);
    return JAPANESE_SURNAMES[k === -1 ? JAPANESE_SURNAMES.length - 1 : k]!;
  }
  const first = random.pick(FIRST_PARTS);
  const second = random.pick(SECOND_PARTS);
  return {
    kanji: first.kanji + second.kanji,
    kana: first.kana + second.kana,
    latin: first.latin + second.latin,
  };
}

const BRANDS = ['VISA', 'VISA', 'JCB', 'JCB', 'MASTERCARD', 'AMEX', 'DINERS'] as const;

/** A 12-hex public id unique per number (an odd multiplier is a bijection mod 2^48). */
function uniqueHex(n: number, salt: number): string {
  const mixed = (BigInt(n) * 0x9e3779b97f4bn + BigInt(salt)) & 0xffffffffffffn;
  return mixed.toString(16).padStart(12, '0');
}

/**
 * A card number unique per (cardholder, card): the brand's first example prefix, then the
 * number scrambled over the digits left (7919 is prime to 10, so distinct numbers stay
 * distinct), then the Luhn digit. Random numbers would collide by the dozen at a million.
 */
export function bulkPan(brand: Brand, unique: number): string {
  const { prefix, length } = BRAND_PREFIX_EXAMPLES[brand][0]!;
  const digits = length - prefix.length - 1;
  const modulus = 10n ** BigInt(digits);
  const middle = ((BigInt(unique) * 7919n + 12_345_678n) % modulus)
    .toString()
    .padStart(digits, '0');
  const partial = prefix + middle;
  return partial + luhnCheckDigit(partial);
}

/** Cards per cardholder: most one, some two, a few up to five. */
function cardCount(random: SeededRandom): number {
  const roll = random.next();
  return roll < 0.8 ? 1 : roll < 0.95 ? 2 : random.int(3, 5);
}

/**
 * Attempts per card, a long tail: most cards a few, some dozens, one in five thousand
 * thousands (about 2.8 on average).
 */
export function attemptCount(random: SeededRandom): number {
  const roll = random.next();
  if (roll < 0.75) return random.int(0, 2);
  if (roll < 0.97) return random.int(3, 5);
  if (roll < 0.998) return random.int(6, 30);
  if (roll < 0.9998) return random.int(31, 300);
  return random.int(301, 3000);
}

export interface BulkPerson extends DemoPerson {
  /** Attempts to make for each card, in the order of `cards`. */
  attemptCounts: number[];
}

/**
 * The bulk cardholder at this index. `taken` holds the card numbers of the demo's first
 * cardholders (drawn at random): a bulk number equal to one is moved out of their way.
 */
export function bulkPerson(seed: string, index: number, taken?: ReadonlySet<string>): BulkPerson {
  const random = seededRandom(seed, `person:${index}`);
  const english = random.next() < 0.15;
  const fixed: FixedPerson = {
    surname: english ? random.pick(ENGLISH_SURNAMES) : japaneseSurname(random),
    given: english ? random.pick(ENGLISH_GIVEN_NAMES) : random.pick(JAPANESE_GIVEN_NAMES),
    brand: random.pick(BRANDS),
    product: random.pick(PRODUCTS),
  };
  const made = person(random, index, 'ordinary', fixed);
  const cards = Array.from({ length: cardCount(random) }, (_, n) => {
    const brand = n === 0 ? fixed.brand : random.pick(BRANDS);
    let pan = bulkPan(brand, index * 8 + n);
    for (let step = 1; taken?.has(pan); step++) pan = bulkPan(brand, index * 8 + n + step * 1e9);
    return {
      publicId: `c_${uniqueHex(index, n + 1)}`,
      brand,
      product: n === 0 ? fixed.product : random.pick(PRODUCTS),
      pan,
      last4: pan.slice(-4),
    };
  });
  return {
    ...made,
    publicId: `h_${uniqueHex(index, 0)}`,
    // CR and eight digits, as an issuer's references are (the import format checks it): the
    // first cardholders' run from CR001… to CR200…, so the bulk ones start at CR3….
    customerRef: `CR${30_000_000 + index}`,
    cards,
    attemptCounts: cards.map(() => attemptCount(random)),
  };
}

/**
 * Demo cardholders with their clear test values (card number, mobile, email, date of birth,
 * postcode), generated from a seed. The demo builder stores only what a real database would
 * (masked values, keyed and salted hashes); tests call this same function to know what a
 * caller of each scenario would say. The clear values are never written anywhere.
 */
import { BRAND_PREFIX_EXAMPLES, type Brand } from '../../../shared/cards/brands.ts';
import { luhnCheckDigit } from '../../../shared/cards/luhn.ts';
import type { Language } from '../../../shared/languages.ts';
import {
  ENGLISH_GIVEN_NAMES,
  ENGLISH_SURNAMES,
  JAPANESE_GIVEN_NAMES,
  JAPANESE_SURNAMES,
  type JapaneseName,
} from './demo-names.ts';
import { seededRandom, type SeededRandom } from './seeded-random.ts';

/** The situations a call centre meets, one fixed cardholder each, in this order. */
export const DEMO_SCENARIOS = [
  'locked-wrong-codes',
  'code-expired',
  'no-contact',
  'email-bouncing',
  'mobile-change-pending',
  'recent-mobile-change',
  'suspected-fraud',
  'reset-yesterday',
  'frictionless-ok',
  'long-history',
  'english-locked',
  'code-to-old-mobile',
] as const;
export type DemoScenario = (typeof DEMO_SCENARIOS)[number] | 'ordinary';

export const PRODUCTS = ['classic', 'gold', 'platinum', 'business', 'green'] as const;
export type Product = (typeof PRODUCTS)[number];

export interface DemoCard {
  publicId: string;
  brand: Brand;
  product: Product;
  pan: string;
  last4: string;
}

export interface DemoPerson {
  publicId: string;
  customerRef: string;
  scenario: DemoScenario;
  /** As registered: kanji for Japanese cardholders, latin for English ones. */
  name: string;
  nameKana: string | null;
  /** "Surname Given", as search results and the README show it. */
  nameLatin: string;
  surname: string;
  /** The surname's readings that search also finds it by (kana, romaji). */
  surnameReadings: string[];
  cards: DemoCard[];
  mobile: string | null;
  email: string | null;
  dob: string;
  postcode: string;
  /** What the issuer records as the cardholder's language; null for some, as in real files. */
  preferredLanguage: Language | null;
}

export interface FixedPerson {
  surname: JapaneseName | string;
  given: JapaneseName | string;
  brand: Brand;
  product: Product;
}

const jp = (latin: string, list: readonly JapaneseName[]) =>
  list.find((name) => name.latin === latin)!;

/** The scenario cardholders' names and cards, stable so tests and the README can refer to them. */
const FIXED: Record<(typeof DEMO_SCENARIOS)[number], FixedPerson> = {
  'locked-wrong-codes': {
    surname: jp('Sato', JAPANESE_SURNAMES),
    given: jp('Hanako', JAPANESE_GIVEN_NAMES),
    brand: 'VISA',
    product: 'gold',
  },
  'code-expired': {
    surname: jp('Suzuki', JAPANESE_SURNAMES),
    given: jp('Ichiro', JAPANESE_GIVEN_NAMES),
    brand: 'JCB',
    product: 'classic',
  },
  'no-contact': {
    surname: jp('Takahashi', JAPANESE_SURNAMES),
    given: jp('Misaki', JAPANESE_GIVEN_NAMES),
    brand: 'MASTERCARD',
    product: 'classic',
  },
  'email-bouncing': {
    surname: jp('Tanaka', JAPANESE_SURNAMES),
    given: jp('Kenta', JAPANESE_GIVEN_NAMES),
    brand: 'AMEX',
    product: 'green',
  },
  'mobile-change-pending': {
    surname: jp('Ito', JAPANESE_SURNAMES),
    given: jp('Yumi', JAPANESE_GIVEN_NAMES),
    brand: 'VISA',
    product: 'platinum',
  },
  'recent-mobile-change': {
    surname: jp('Watanabe', JAPANESE_SURNAMES),
    given: jp('Sho', JAPANESE_GIVEN_NAMES),
    brand: 'MASTERCARD',
    product: 'gold',
  },
  'suspected-fraud': {
    surname: jp('Yamamoto', JAPANESE_SURNAMES),
    given: jp('Daisuke', JAPANESE_GIVEN_NAMES),
    brand: 'JCB',
    product: 'business',
  },
  'reset-yesterday': {
    surname: jp('Nakamura', JAPANESE_SURNAMES),
    given: jp('Sakura', JAPANESE_GIVEN_NAMES),
    brand: 'VISA',
    product: 'classic',
  },
  'frictionless-ok': {
    surname: jp('Kobayashi', JAPANESE_SURNAMES),
    given: jp('Naoki', JAPANESE_GIVEN_NAMES),
    brand: 'AMEX',
    product: 'gold',
  },
  'long-history': {
    surname: jp('Sato', JAPANESE_SURNAMES),
    given: jp('Kenichi', JAPANESE_GIVEN_NAMES),
    brand: 'DINERS',
    product: 'platinum',
  },
  'english-locked': { surname: 'Clarke', given: 'Emily', brand: 'VISA', product: 'gold' },
  'code-to-old-mobile': {
    surname: jp('Kato', JAPANESE_SURNAMES),
    given: jp('Megumi', JAPANESE_GIVEN_NAMES),
    brand: 'JCB',
    product: 'gold',
  },
};

const MOBILE_PREFIXES = ['+8190', '+8180', '+8170'];

export function demoPeople(seed: string, count: number): DemoPerson[] {
  const people: DemoPerson[] = [];
  const total = Math.max(count, DEMO_SCENARIOS.length);
  for (let index = 0; index < total; index++) {
    const random = seededRandom(seed, `person:${index}`);
    const scenario: DemoScenario = DEMO_SCENARIOS[index] ?? 'ordinary';
    const fixed = scenario === 'ordinary' ? randomPerson(random) : FIXED[scenario];
    people.push(person(random, index, scenario, fixed));
  }
  return people;
}

/** The fixed cardholder of a scenario, with the clear values a caller would give. */
export function demoScenarioPerson(
  seed: string,
  scenario: (typeof DEMO_SCENARIOS)[number],
): DemoPerson {
  const index = DEMO_SCENARIOS.indexOf(scenario);
  return demoPeople(seed, DEMO_SCENARIOS.length)[index]!;
}

function randomPerson(random: SeededRandom): FixedPerson {
  const english = random.next() < 0.3;
  return {
    surname: english ? random.pick(ENGLISH_SURNAMES) : random.pick(JAPANESE_SURNAMES),
    given: english ? random.pick(ENGLISH_GIVEN_NAMES) : random.pick(JAPANESE_GIVEN_NAMES),
    brand: random.pick([
      'VISA',
      'VISA',
      'JCB',
      'JCB',
      'MASTERCARD',
      'AMEX',
      'DINERS',
      'DISCOVER',
      'UNIONPAY',
    ] as const),
    product: random.pick(PRODUCTS),
  };
}

export function person(
  random: SeededRandom,
  index: number,
  scenario: DemoScenario,
  fixed: FixedPerson,
): DemoPerson {
  const japanese = typeof fixed.surname !== 'string';
  const surname = fixed.surname;
  const given = fixed.given;
  const surnameLatin = typeof surname === 'string' ? surname : surname.latin;
  const givenLatin = typeof given === 'string' ? given : given.latin;
  const localPart = `${givenLatin}.${surnameLatin}${random.int(1, 99)}`.toLowerCase();
  const pan = cardNumber(random, fixed.brand);
  const noContact = scenario === 'no-contact';
  return {
    publicId: `h_${random.hex(12)}`,
    customerRef: `CR${String(index + 1).padStart(3, '0')}${random.digits(5)}`,
    scenario,
    name:
      typeof surname === 'string'
        ? `${given as string} ${surname}`
        : `${surname.kanji} ${(given as JapaneseName).kanji}`,
    nameKana:
      typeof surname === 'string' ? null : `${surname.kana} ${(given as JapaneseName).kana}`,
    nameLatin: `${surnameLatin} ${givenLatin}`,
    surname: typeof surname === 'string' ? surname : surname.kanji,
    surnameReadings: typeof surname === 'string' ? [] : [surname.kana, surname.latin],
    cards: [
      {
        publicId: `c_${random.hex(12)}`,
        brand: fixed.brand,
        product: fixed.product,
        pan,
        last4: pan.slice(-4),
      },
    ],
    mobile: noContact ? null : `${random.pick(MOBILE_PREFIXES)}${random.digits(8)}`,
    email: noContact ? null : `${localPart}@${japanese ? 'example.jp' : 'example.com'}`,
    dob: `${random.int(1941, 2005)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`,
    postcode: `${random.int(100, 999)}${random.digits(4)}`,
    // Every tenth ordinary cardholder has no recorded language (not drawn from the seed, so
    // the other demo values stay as they were).
    preferredLanguage: scenario === 'ordinary' && index % 10 === 9 ? null : japanese ? 'ja' : 'en',
  };
}

export function cardNumber(random: SeededRandom, brand: Brand): string {
  const { prefix, length } = random.pick(BRAND_PREFIX_EXAMPLES[brand]);
  const partial = prefix + random.digits(length - prefix.length - 1);
  return partial + luhnCheckDigit(partial);
}

const pad = (n: number) => String(n).padStart(2, '0');

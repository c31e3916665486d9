/**
 * Each demo card's 3-D Secure history, by scenario, placed relative to the demo's "now":
 * what the ACS would export — merchant, amount, method, masked destination, delivery,
 * attempts, outcome and the EMV 3DS codes. A destination's clear value leaves here only to be
 * hashed by the builder; the long-history card gets ten thousand attempts over two years.
 */
import type { AttemptFields } from '../history/attempt-store.ts';
import { maskPhone } from '../../../shared/input/mobile.ts';
import type { DemoContact } from './demo-contacts.ts';
import type { DemoCard, DemoPerson } from './demo-people.ts';
import { seededRandom, type SeededRandom } from './seeded-random.ts';

/** An attempt as the demo's ACS export holds it: times as text, and the destination in clear. */
export interface DemoAttempt extends AttemptFields {
  at: string;
  currency: 'JPY' | 'USD' | 'EUR';
  /** Clear destination (E.164 or email), hashed by the builder; null when none was used. */
  destination: string | null;
  expiresAt: string | null;
}

export const LONG_HISTORY_ATTEMPTS = 10_000;

const MERCHANTS_JA = [
  'さくら書店',
  '東京トラベル',
  'モリ電機',
  'うみファッション',
  'やまアウトドア',
];
const MERCHANTS_EN = [
  'Example Shop',
  'Kaze Airlines',
  'Global Tickets',
  'Harbour Books',
  'Nova Games',
];
const MINUTE = 60_000;
const CODE_VALID_MINUTES = 10;

type Kind =
  | 'success'
  | 'frictionless'
  | 'wrong-code'
  | 'expired'
  | 'bounced'
  | 'no-destination'
  | 'cancelled'
  | 'old-mobile'
  | 'fraud'
  | 'technical';

export function demoAttempts(
  seed: string,
  person: DemoPerson,
  card: DemoCard,
  contacts: readonly DemoContact[],
  now: Date,
): DemoAttempt[] {
  const random = seededRandom(seed, `attempts:${card.publicId}`);
  const japanese = person.nameKana !== null;
  const mobile = contacts.find((c) => c.kind === 'mobile') ?? null;
  const email = contacts.find((c) => c.kind === 'email') ?? null;
  const make = (minutesAgo: number, kind: Kind) =>
    attempt(
      random,
      card,
      { japanese, mobile, email },
      new Date(now.getTime() - minutesAgo * MINUTE),
      kind,
    );
  const history = (count: number, fromMinutes: number, toMinutes: number) =>
    Array.from({ length: count }, () =>
      make(random.int(toMinutes, fromMinutes), random.next() < 0.6 ? 'frictionless' : 'success'),
    );
  const DAY = 24 * 60;

  switch (person.scenario) {
    case 'locked-wrong-codes':
      return [...history(4, 200 * DAY, 10 * DAY), make(12, 'wrong-code')];
    case 'english-locked':
      return [...history(2, 90 * DAY, 5 * DAY), make(3, 'wrong-code')];
    case 'code-expired':
      return [...history(3, 120 * DAY, 7 * DAY), make(20, 'expired')];
    case 'no-contact':
      return [make(45, 'no-destination')];
    case 'email-bouncing':
      return [...history(2, 300 * DAY, 30 * DAY), make(60, 'bounced'), make(15, 'bounced')];
    case 'mobile-change-pending':
      return [...history(3, 200 * DAY, 20 * DAY), make(30, 'cancelled')];
    case 'recent-mobile-change':
      return [make(40, 'success'), make(25, 'wrong-code')];
    case 'code-to-old-mobile':
      return [...history(3, 150 * DAY, 10 * DAY), make(18, 'old-mobile')];
    case 'suspected-fraud':
      return [make(180, 'wrong-code'), make(150, 'wrong-code'), make(120, 'fraud')];
    case 'reset-yesterday':
      return [...history(2, 60 * DAY, 3 * DAY), make(26 * 60, 'wrong-code'), make(8, 'wrong-code')];
    case 'frictionless-ok':
      return [...history(5, 100 * DAY, 2 * DAY), make(35, 'frictionless')];
    case 'long-history':
      return Array.from({ length: LONG_HISTORY_ATTEMPTS }, () => mixed(random, make, DAY));
    default:
      return history(random.int(0, 4), 365 * DAY, DAY);
  }
}

/** One attempt of a card's long history: mostly approved, some wrong codes and expiries. */
function mixed(
  random: SeededRandom,
  make: (minutesAgo: number, kind: Kind) => DemoAttempt,
  DAY: number,
): DemoAttempt {
  const roll = random.next();
  const kind: Kind =
    roll < 0.55
      ? 'frictionless'
      : roll < 0.85
        ? 'success'
        : roll < 0.93
          ? 'wrong-code'
          : roll < 0.98
            ? 'expired'
            : 'technical';
  return make(random.int(2 * DAY, 730 * DAY), kind);
}

/**
 * `count` attempts of an ordinary card over the last two years (the bulk cardholders of a
 * large demo: bulk-people.ts draws the count from a long tail).
 */
export function demoHistory(
  seed: string,
  person: DemoPerson,
  card: DemoCard,
  contacts: readonly DemoContact[],
  now: Date,
  count: number,
): DemoAttempt[] {
  const random = seededRandom(seed, `attempts:${card.publicId}`);
  const to = {
    japanese: person.nameKana !== null,
    mobile: contacts.find((c) => c.kind === 'mobile') ?? null,
    email: contacts.find((c) => c.kind === 'email') ?? null,
  };
  const make = (minutesAgo: number, kind: Kind) =>
    attempt(random, card, to, new Date(now.getTime() - minutesAgo * MINUTE), kind);
  return Array.from({ length: count }, () => mixed(random, make, 24 * 60));
}

interface Destinations {
  japanese: boolean;
  mobile: DemoContact | null;
  email: DemoContact | null;
}

function attempt(
  random: SeededRandom,
  card: DemoCard,
  to: Destinations,
  at: Date,
  kind: Kind,
): DemoAttempt {
  const mastercard = card.brand === 'MASTERCARD';
  const eci = { authenticated: mastercard ? '02' : '05', failed: mastercard ? '00' : '07' };
  const usd = !to.japanese && random.next() < 0.7;
  const base = {
    at: at.toISOString(),
    merchant: random.pick(to.japanese ? MERCHANTS_JA : MERCHANTS_EN),
    amountMinor: usd ? random.int(500, 60_000) : random.int(3, 900) * 100,
    currency: usd ? ('USD' as const) : ('JPY' as const),
    acsTransId: uuid(random),
    dsTransId: uuid(random),
  };
  // The challenge goes to the mobile if there is one, else to the email.
  const contact = to.mobile ?? to.email;
  const challenge = {
    method: contact?.kind === 'email' ? ('email' as const) : ('sms' as const),
    destination: contact?.value ?? null,
    destinationMasked: contact?.masked ?? null,
    delivery: 'delivered' as DemoAttempt['delivery'],
    attemptsUsed: 1,
    attemptsAllowed: 3,
    resends: 0,
    expiresAt: new Date(at.getTime() + CODE_VALID_MINUTES * MINUTE).toISOString(),
  };
  const noChallenge = {
    method: 'frictionless' as const,
    destination: null,
    destinationMasked: null,
    delivery: 'not-applicable' as const,
    attemptsUsed: 0,
    attemptsAllowed: 0,
    resends: 0,
    expiresAt: null,
  };
  const codes = (
    transStatus: DemoAttempt['transStatus'],
    transStatusReason: string | null,
    challengeCancel: string | null = null,
  ) => ({
    transStatus,
    transStatusReason,
    eci: transStatus === 'Y' ? eci.authenticated : eci.failed,
    challengeCancel,
  });

  switch (kind) {
    case 'frictionless':
      return { ...base, ...noChallenge, outcome: 'frictionless', ...codes('Y', null) };
    case 'success':
      return {
        ...base,
        ...challenge,
        attemptsUsed: random.int(1, 2),
        outcome: 'authenticated',
        ...codes('Y', null),
      };
    case 'wrong-code':
      return {
        ...base,
        ...challenge,
        attemptsUsed: 3,
        resends: random.int(0, 1),
        outcome: 'wrong-code',
        ...codes('N', '01'),
      };
    case 'expired':
      return {
        ...base,
        ...challenge,
        attemptsUsed: 0,
        resends: 1,
        outcome: 'code-expired',
        ...codes('N', '14', '04'),
      };
    case 'bounced':
      return {
        ...base,
        ...challenge,
        method: 'email',
        destination: to.email?.value ?? null,
        destinationMasked: to.email?.masked ?? null,
        delivery: 'bounced',
        attemptsUsed: 0,
        outcome: 'not-delivered',
        ...codes('N', '14', '05'),
      };
    case 'no-destination':
      return {
        ...base,
        ...challenge,
        destination: null,
        destinationMasked: null,
        delivery: 'not-applicable',
        attemptsUsed: 0,
        attemptsAllowed: 0,
        expiresAt: null,
        outcome: 'not-delivered',
        ...codes('N', '13'),
      };
    case 'cancelled':
      return {
        ...base,
        ...challenge,
        attemptsUsed: 0,
        outcome: 'cancelled',
        ...codes('N', '01', '01'),
      };
    case 'old-mobile': {
      const old = `+8190${random.digits(8)}`;
      return {
        ...base,
        ...challenge,
        method: 'sms',
        destination: old,
        destinationMasked: maskPhone(old),
        attemptsUsed: 0,
        resends: 2,
        outcome: 'cancelled',
        ...codes('N', '01', '01'),
      };
    }
    case 'fraud':
      return { ...base, ...challenge, attemptsUsed: 0, outcome: 'rejected', ...codes('R', '11') };
    case 'technical':
      return { ...base, ...noChallenge, outcome: 'technical', ...codes('U', '22') };
  }
}

function uuid(random: SeededRandom): string {
  const hex = random.hex(32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

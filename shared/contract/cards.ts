/**
 * The cards feature: find a card by what the caller says, and open it: the header an agent
 * works from, with the live lock, contacts, verification, diagnosis and earlier contact.
 */
import { z } from 'zod';
import { CALL_OUTCOMES } from '../calls/call-codes.ts';
import { CAUSES, CODE_ROUTES } from '../diagnosis/causes.ts';
import { LANGUAGES } from '../languages.ts';
import { LOCK_CAUSES, LOCK_SOURCES } from '../lockout/lockout-codes.ts';
import { ContactView } from './contacts.ts';
import { defineChannel } from './define.ts';
import { CardIdInput } from './inputs.ts';
import { LockState } from './lockout.ts';
import { Code, Identifier, MaskedCard, PersonName, Timestamp } from './strings.ts';
import { VerificationView } from './verification.ts';

/**
 * A card as search results show it: brand and last 4, the name with its kana reading, the
 * product, and whether it is locked (the badge the call bar shows too). Nothing else.
 */
export const CardSummary = z.strictObject({
  cardId: Identifier,
  maskedCard: MaskedCard,
  name: PersonName,
  /** The name's kana reading, when registered. */
  nameKana: PersonName.nullable(),
  product: Code,
  lock: LockState,
});

/** A likely cause of the failed checkout, ranked; the script comes from shared/diagnosis. */
export const CauseView = z.strictObject({
  code: z.enum(CAUSES),
  resetAdvised: z.boolean(),
  /** How the code this cause rests on was sent (the script names it); null when none was. */
  route: z.enum(CODE_ROUTES).nullable(),
});

/** Earlier calls on this card and lock resets, newest first. */
export const EarlierContact = z.strictObject({
  calls: z.array(
    z.strictObject({
      callId: Identifier,
      startedAt: Timestamp,
      operator: Identifier,
      verified: z.boolean(),
      outcome: z.enum(CALL_OUTCOMES).nullable(),
    }),
  ),
  resets: z.array(
    z.strictObject({
      at: Timestamp,
      lockedSince: Timestamp,
      cause: z.enum(LOCK_CAUSES),
    }),
  ),
});

export const CardHeader = z.strictObject({
  cardId: Identifier,
  /** The call this opening started (or continues). */
  callId: Identifier,
  /** When this call started (the call bar's timer counts from it). */
  callStartedAt: Timestamp,
  name: PersonName,
  nameLatin: PersonName,
  /** The name's kana reading, when registered. */
  nameKana: PersonName.nullable(),
  /** The cardholder's preferred language: the caller's language unless the agent picks another. */
  preferredLanguage: z.enum(LANGUAGES).nullable(),
  product: Code,
  brand: Code,
  maskedCard: MaskedCard,
  lock: LockState,
  badges: z.strictObject({
    fraudHold: z.boolean(),
    contactChangePending: z.boolean(),
    recentContactChange: z.boolean(),
  }),
  contacts: z.array(ContactView),
  verification: VerificationView,
  /** Likely causes, most likely first (never empty). */
  diagnosis: z.array(CauseView).min(1),
  earlier: EarlierContact,
  /** When the ACS state shown was read. */
  dataAsOf: Timestamp,
  /** Where the lock shown came from: read live, or the last known state (the ACS not answering). */
  lockSource: z.enum(LOCK_SOURCES),
  now: Timestamp,
});
export type CardHeader = z.infer<typeof CardHeader>;

/** Which page of results (20 a page, at most 5 pages). */
const page = z.number().int().min(0).max(4).default(0);

export const cardsChannels = {
  'cards.search': defineChannel({
    summary:
      'Find cards by what the caller says; results are masked and paged. Searches by mobile or email are rate-limited per operator.',
    access: ['agent', 'lead'],
    input: z.discriminatedUnion('key', [
      z.strictObject({ key: z.literal('card-number'), number: z.string().min(1).max(40), page }),
      z.strictObject({
        key: z.literal('last4-surname'),
        last4: z.string().max(8),
        surname: z.string().min(1).max(64),
        page,
      }),
      z.strictObject({ key: z.literal('mobile'), mobile: z.string().min(1).max(40), page }),
      z.strictObject({ key: z.literal('email'), email: z.string().min(1).max(254), page }),
      z.strictObject({
        key: z.literal('customer-ref'),
        customerRef: z.string().min(1).max(40),
        page,
      }),
    ]),
    output: z.strictObject({
      results: z.array(CardSummary),
      page: z.number().int().nonnegative(),
      pages: z.number().int().nonnegative(),
      /** Cards matched, up to the cap. */
      total: z.number().int().nonnegative(),
      /** More cards matched than the cap: ask the caller for more details. */
      tooMany: z.boolean(),
      now: Timestamp,
    }),
  }),
  'cards.open': defineChannel({
    summary: 'Open a card found by search: its header with the live lock state.',
    access: ['agent', 'lead'],
    input: z.strictObject({ cardId: CardIdInput }),
    output: CardHeader,
  }),
} as const;

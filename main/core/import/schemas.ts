/**
 * The import format, version 1: one zod schema per record type, the one source the importer
 * validates with and docs/import.schema.json is generated from (scripts/import-schema.ts).
 * Every field is named here; an unknown field rejects its line (strict objects). The
 * schemas only validate: what is kept of a value (mask, keyed hash, salted hash) is decided
 * in transform.ts, and a clear card number, contact or date of birth never leaves it.
 */
import { z } from 'zod';
import { CONTACT_KINDS, CONTACT_STATUSES } from '../../../shared/contacts/contact-codes.ts';
import { MerchantName, PersonName } from '../../../shared/contract/strings.ts';
import {
  ATTEMPT_DELIVERIES,
  ATTEMPT_METHODS,
  ATTEMPT_OUTCOMES,
  TRANS_STATUSES,
} from '../../../shared/history/attempt-codes.ts';
import { LANGUAGES } from '../../../shared/languages.ts';
import { LOCK_CAUSES } from '../../../shared/lockout/lockout-codes.ts';
import { AcsCardRef } from '../acs/acs-contract.ts';

export const IMPORT_FORMAT_VERSION = 1;

/**
 * The issuer's or ACS's id for a record: letters, digits and _ . : - only. An id shaped like
 * a card number, phone number or email address is refused apart (sensitive-shapes.ts).
 */
export const ExternalId = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,64}$/u, 'an external id: 1–64 of A–Z a–z 0–9 _ . : -');

/** An instant with its zone (Z or an offset); stored as UTC with milliseconds. */
export const Instant = z.iso.datetime({ offset: true });

const TwoDigits = z.string().regex(/^\d{2}$/u, 'two digits');
const ShortName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^(?!.*[\d０-９]{4})[^@＠\p{Cc}]*$/u, 'a short name: no @ and no run of 4 digits');

const asOf = Instant.describe(
  'When the source exported this record. A record older than what the console holds never overwrites it.',
);

export const CardholderRecord = z.strictObject({
  type: z.literal('cardholder'),
  id: ExternalId.describe("The issuer's id for the cardholder."),
  customerRef: z.string().regex(/^CR\d{8}$/u, 'CR and eight digits'),
  name: PersonName.describe('As registered: kanji for most Japanese cardholders.'),
  nameKana: PersonName.optional(),
  nameLatin: PersonName,
  surname: PersonName.describe('The surname as registered; search folds it.'),
  surnameReadings: z
    .array(PersonName)
    .max(8)
    .optional()
    .describe('Readings search also finds the surname by (kana, romaji).'),
  preferredLanguage: z.enum(LANGUAGES).nullable().optional(),
  asOf,
});

export const CardRecord = z.strictObject({
  type: z.literal('card'),
  id: ExternalId.describe("The issuer's id for the card (never the card number)."),
  cardholderId: ExternalId,
  cardNumber: z
    .string()
    .min(12)
    .max(40)
    .describe('The full number: kept only as brand, last 4 and a keyed hash.'),
  product: z.string().regex(/^[a-z0-9-]{1,32}$/u, 'a product code'),
  acsCardRef: AcsCardRef.optional().describe(
    'How the ACS and the network gateway name the card: letters, digits and . _ : -, at most 64, never 12 digits in a row (docs/ACS-GATEWAY.md).',
  ),
  asOf,
});

export const ContactRecord = z.strictObject({
  type: z.literal('contact'),
  cardholderId: ExternalId,
  kind: z.enum(CONTACT_KINDS),
  value: z
    .string()
    .min(1)
    .max(254)
    .describe('Mobile (any form, E.164 kept) or email: kept only masked and as a keyed hash.'),
  status: z.enum(CONTACT_STATUSES),
  valueChangedAt: Instant.optional().describe(
    'When the value last changed; defaults to asOf when the value differs from the one held.',
  ),
  pending: z
    .strictObject({ value: z.string().min(1).max(254), effectiveAt: Instant })
    .optional()
    .describe('A requested change and when it takes effect: kept masked only.'),
  asOf,
});

export const VerificationRecord = z.strictObject({
  type: z.literal('verification'),
  cardholderId: ExternalId,
  dateOfBirth: z.string().min(1).max(40),
  postcode: z.string().min(1).max(20),
  asOf,
});

export const LockoutRecord = z.strictObject({
  type: z.literal('lockout'),
  id: ExternalId.describe("The ACS's id for the lock."),
  cardId: ExternalId,
  cause: z.enum(LOCK_CAUSES),
  since: Instant,
  until: Instant.nullable().optional(),
  clearedAt: Instant.nullable().optional(),
  asOf,
});

const Count = z.number().int().min(0).max(1000);

export const AttemptRecord = z.strictObject({
  type: z.literal('attempt'),
  id: ExternalId.describe("The ACS's id for the attempt."),
  cardId: ExternalId,
  at: Instant,
  merchantId: ExternalId.optional(),
  merchantName: MerchantName,
  amountMinor: z.number().int().min(0).max(1e12),
  currency: z.string().regex(/^[A-Z]{3}$/u, 'ISO 4217'),
  method: z.enum(ATTEMPT_METHODS),
  destination: z
    .string()
    .min(1)
    .max(254)
    .optional()
    .describe('Where the code went (mobile or email): kept only masked and as a keyed hash.'),
  delivery: z.enum(ATTEMPT_DELIVERIES),
  attemptsUsed: Count.optional(),
  attemptsAllowed: Count.optional(),
  resends: Count.optional(),
  expiresAt: Instant.optional(),
  outcome: z.enum(ATTEMPT_OUTCOMES),
  transStatus: z.enum(TRANS_STATUSES),
  transStatusReason: TwoDigits.optional(),
  eci: TwoDigits.optional(),
  challengeCancel: TwoDigits.optional(),
  acsTransId: ExternalId,
  dsTransId: ExternalId,
  acsId: ExternalId.optional(),
  dsId: ExternalId.optional(),
  smsCarrier: ShortName.optional(),
  emailProvider: ShortName.optional(),
  asOf,
});

export const DeleteRecord = z.strictObject({
  type: z.literal('delete'),
  cardholderId: ExternalId.describe("Removes this cardholder's data."),
  asOf,
});

export const ImportRecord = z.discriminatedUnion('type', [
  CardholderRecord,
  CardRecord,
  ContactRecord,
  VerificationRecord,
  LockoutRecord,
  AttemptRecord,
  DeleteRecord,
]);
export type ImportRecord = z.infer<typeof ImportRecord>;
export type CardholderRecord = z.infer<typeof CardholderRecord>;
export type CardRecord = z.infer<typeof CardRecord>;
export type ContactRecord = z.infer<typeof ContactRecord>;
export type VerificationRecord = z.infer<typeof VerificationRecord>;
export type LockoutRecord = z.infer<typeof LockoutRecord>;
export type AttemptRecord = z.infer<typeof AttemptRecord>;
export type DeleteRecord = z.infer<typeof DeleteRecord>;

export const RECORD_SCHEMAS = {
  cardholder: CardholderRecord,
  card: CardRecord,
  contact: ContactRecord,
  verification: VerificationRecord,
  lockout: LockoutRecord,
  attempt: AttemptRecord,
  delete: DeleteRecord,
} as const;

/** Every field name the format knows, nested ones included (the allow-list). */
export function formatFieldNames(): string[] {
  const names = new Set<string>(Object.keys(ContactRecord.shape.pending.unwrap().shape));
  for (const schema of Object.values(RECORD_SCHEMAS))
    for (const name of Object.keys(schema.shape)) names.add(name);
  return [...names].sort();
}

/**
 * A CSV mapping file: which record type the rows are, and for each source column the
 * format's field it fills, or null to ignore it (the column's header is still checked for
 * a dangerous name). Fixed values fill fields every row shares (e.g. the export's asOf).
 */
export const CsvMapping = z.strictObject({
  type: z.enum(['cardholder', 'card', 'contact', 'verification', 'lockout', 'attempt', 'delete']),
  columns: z.record(z.string().min(1).max(200), z.string().min(1).max(64).nullable()),
  fixed: z.record(z.string().min(1).max(64), z.string().max(200)).optional(),
  /** A list field (surnameReadings) is split on this character. */
  listSeparator: z.string().length(1).optional(),
});
export type CsvMapping = z.infer<typeof CsvMapping>;

/**
 * The only string types an IPC reply may carry. Least reveal starts here: a reply field is
 * a masked card, a masked contact, a code from a table, an identifier, a timestamp, a
 * person's name or free text that passed the guard — never an arbitrary string that could
 * carry a one-time code, a full card number or a date of birth. A contract test walks
 * every output schema and fails on any string leaf not built from these.
 */
import { z } from 'zod';
import { freeTextProblems } from '../text/free-text-guard.ts';

export type StringKind =
  | 'masked-card'
  | 'masked-email'
  | 'masked-phone'
  | 'code'
  | 'identifier'
  | 'timestamp'
  | 'checked-text'
  | 'person-name'
  | 'merchant-name';

/** Registry of named string schemas; the contract test checks every string leaf is in it. */
export const namedStrings = z.registry<{ kind: StringKind }>();

function named<T extends z.ZodType>(kind: StringKind, schema: T): T {
  namedStrings.add(schema, { kind });
  return schema;
}

/** Brand and last four digits only, e.g. "VISA •••• 4242" (PCI DSS 3.4.1). */
export const MaskedCard = named(
  'masked-card',
  z.string().regex(/^[A-Z_]{2,16} •••• \d{4}$/u, 'masked card: brand and last 4'),
);

/** First character of the local part and the domain, e.g. "t•••@example.jp". */
export const MaskedEmail = named(
  'masked-email',
  z.string().regex(/^[^\s@•]?•{3}@[^\s@]+$/u, 'masked email'),
);

/** Country code and last two digits, e.g. "+81 •• •••• ••78". */
export const MaskedPhone = named(
  'masked-phone',
  z.string().regex(/^\+\d{1,3} [• ]+\d{2}$/u, 'masked phone'),
);

/** A short code from a closed table (roles, outcomes, protocol codes, locale keys). */
export const Code = named('code', z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/u, 'code'));

/** An opaque identifier (row ids as text, idempotency keys, ACS/DS transaction ids, usernames). */
export const Identifier = named(
  'identifier',
  z.string().regex(/^[A-Za-z0-9_.@:-]{1,80}$/u, 'identifier'),
);

/** An instant in ISO 8601 UTC with milliseconds, as produced by Date.prototype.toISOString. */
export const Timestamp = named(
  'timestamp',
  z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/u, 'ISO timestamp'),
);

/**
 * The clock CheckedText judges dates of birth against. A note's dates do not change but the
 * clock does, so re-checking with today's date would one day refuse a note that was rightly
 * accepted ("called 2026-11-20" is more than 15 years back in 2042) and break every reply that
 * carries it. A fixed clock no later than any write keeps the re-check consistent: a date
 * more than 15 years before this clock is more than 15 years before the router's clock at
 * the write too, so the guard refused it then; the re-check refuses nothing it accepted.
 */
const CHECKED_TEXT_CLOCK = new Date('2025-01-01T00:00:00.000Z');

/**
 * Free text (notes) that passes the free-text guard. Every note in a reply is checked again
 * by the router's strict output parse, so a note stored before the guard learnt a trick,
 * imported, or written into the database by other means is refused rather than shown to a
 * lead or the next agent. The length bound stops first (abort): an oversized string is
 * never scanned.
 */
export const CheckedText = named(
  'checked-text',
  z
    .string()
    .max(2000, { abort: true })
    .refine(
      (text) => freeTextProblems(text, CHECKED_TEXT_CLOCK).length === 0,
      'checked text: passes the free-text guard',
    ),
);

/** A person's name or its reading as registered (no digits: a name cannot carry a code). */
export const PersonName = named(
  'person-name',
  z
    .string()
    .min(1)
    .max(120)
    .regex(/^[^\d０-９@]*$/u, 'person name'),
);

/** A merchant's name as the ACS reported it: no @ and no run of 4 digits (nothing code-like). */
export const MerchantName = named(
  'merchant-name',
  z
    .string()
    .min(1)
    .max(120)
    .regex(/^(?!.*[\d０-９]{4})[^@＠]*$/u, 'merchant name'),
);

/**
 * The audit feature: leads and auditors read the trail (newest first, keyset-paged, filtered),
 * open an entry, recompute the HMAC chain, and export a filtered range. Every read is itself
 * an audit entry. Replies carry names of codes only as codes (the screen names them), and a
 * detail value that is not a number, a code, an identifier or a timestamp is withheld.
 */
import { z } from 'zod';
import {
  AUDIT_ACTIONS,
  AUDIT_EXPORT_FORMATS,
  AUDIT_GROUPS,
  AUDIT_RESULTS,
  AUDIT_VERIFICATION_STATUSES,
} from '../audit/audit-codes.ts';
import { defineChannel, defineEvent } from './define.ts';
import { Empty } from './inputs.ts';
import { Code, Identifier, PersonName, Timestamp } from './strings.ts';

const AUDIT_READERS = ['lead', 'auditor'] as const;

/** The most entries one page holds. */
export const AUDIT_PAGE_MAX = 200;
/** Matching entries are counted up to this many; beyond it the screen says "more than". */
export const AUDIT_COUNT_CAP = 10_000;

/**
 * What an auditor filters by; every field optional. `from` is inclusive and `to` exclusive,
 * both instants (the screen turns the viewer's local times into them). `operator` is a
 * username as the trail records it; `cardId` a card's public id from an earlier result.
 */
export const AuditFilter = z.strictObject({
  from: Timestamp.optional(),
  to: Timestamp.optional(),
  operator: Identifier.optional(),
  group: z.enum(AUDIT_GROUPS).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  result: z.enum(AUDIT_RESULTS).optional(),
  cardId: Identifier.optional(),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

/** One entry as a row of the explorer. */
export const AuditEntryRow = z.strictObject({
  seq: z.number().int().positive(),
  at: Timestamp,
  /** The username the entry records (null: a failed sign-in with an unknown name, the system). */
  operator: Identifier.nullable(),
  /** The operator's display name today; null when unknown or not shown. */
  operatorName: PersonName.nullable(),
  /** Where the action came from (PCI DSS 10.2.2); null when it is not a plain identifier. */
  origin: Identifier.nullable(),
  action: Code,
  /** The action's group from the shared table; null for an action the table does not know. */
  group: z.enum(AUDIT_GROUPS).nullable(),
  result: z.enum(AUDIT_RESULTS),
  subjectType: Code.nullable(),
  subjectId: Identifier.nullable(),
});
export type AuditEntryRow = z.infer<typeof AuditEntryRow>;

const DetailScalar = z.union([z.number(), z.boolean(), z.null(), Timestamp, Code, Identifier]);

/**
 * One detail of an entry, nested keys joined with dots. `withheld` replaces a value that is
 * none of the allowed kinds: the trail should never hold one, and the screen never shows it.
 */
export const AuditDetail = z.strictObject({
  key: Code,
  value: z.union([DetailScalar, z.array(DetailScalar).max(100)]),
  withheld: z.boolean(),
});
export type AuditDetail = z.infer<typeof AuditDetail>;

export const AuditVerification = z.strictObject({
  status: z.enum(AUDIT_VERIFICATION_STATUSES),
  entriesChecked: z.number().int().nonnegative(),
  lastAnchoredSeq: z.number().int().nonnegative(),
  firstBadSeq: z.number().int().positive().nullable(),
  checkedAt: Timestamp,
});
export type AuditVerification = z.infer<typeof AuditVerification>;

export const auditChannels = {
  'audit.list': defineChannel({
    summary:
      'A page of the trail, newest first, filtered; `before` continues after the last page (keyset). Each call is audited.',
    access: AUDIT_READERS,
    input: z.strictObject({
      filter: AuditFilter,
      before: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(AUDIT_PAGE_MAX).default(100),
    }),
    output: z.strictObject({
      entries: z.array(AuditEntryRow),
      /** Pass as `before` for the next page; null at the oldest entry. */
      nextBefore: z.number().int().positive().nullable(),
      /** Entries matching the filter, counted up to AUDIT_COUNT_CAP (first page only). */
      matched: z.number().int().nonnegative().nullable(),
      /** Whether more than AUDIT_COUNT_CAP match. */
      matchedCapped: z.boolean(),
      now: Timestamp,
    }),
  }),
  'audit.entry': defineChannel({
    summary: 'One entry with its details (codes and masked values only). Audited.',
    access: AUDIT_READERS,
    input: z.strictObject({ seq: z.number().int().positive() }),
    output: z.strictObject({
      entry: AuditEntryRow,
      details: z.array(AuditDetail),
      now: Timestamp,
    }),
  }),
  'audit.export': defineChannel({
    summary:
      'Writes the filtered trail as CSV (UTF-8 with BOM, formulas neutralised) or JSON Lines where the operator chooses; audited with the row count and SHA-256.',
    access: AUDIT_READERS,
    input: z.strictObject({ filter: AuditFilter, format: z.enum(AUDIT_EXPORT_FORMATS) }),
    output: z.strictObject({
      /** False when the operator cancelled the save dialog (nothing written, nothing audited). */
      saved: z.boolean(),
      rows: z.number().int().nonnegative(),
      sha256: Identifier.nullable(),
      now: Timestamp,
    }),
  }),
  'audit.verify': defineChannel({
    summary: 'Recompute the audit chain from the first entry; progress arrives as events.',
    access: ['lead', 'auditor', 'admin'],
    input: Empty,
    output: AuditVerification,
  }),
} as const;

export const auditEvents = {
  'audit.verifyProgress': defineEvent({
    summary: 'Progress of a running audit verification.',
    payload: z.strictObject({
      checked: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
    }),
  }),
} as const;

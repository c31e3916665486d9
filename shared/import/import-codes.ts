/**
 * The closed lists of an import (desk-admin import): the record types a file may hold, the
 * formats, where a run stands, what became of each record, and why a line was quarantined.
 * The database's CHECK lists and docs/IMPORT.md use these.
 */
export const IMPORT_RECORD_TYPES = [
  'cardholder',
  'card',
  'contact',
  'verification',
  'lockout',
  'attempt',
  'delete',
] as const;
export type ImportRecordType = (typeof IMPORT_RECORD_TYPES)[number];

export const IMPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const IMPORT_RUN_STATES = ['running', 'done'] as const;
export type ImportRunState = (typeof IMPORT_RUN_STATES)[number];

/**
 * What a record did: a new row, a changed row, a cardholder removed, nothing (not newer than
 * what is held), rejected.
 */
export const IMPORT_OUTCOMES = [
  'inserted',
  'updated',
  'deleted',
  'unchanged',
  'quarantined',
] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];

/** Why a line went to quarantine. The report names the reason, never the line's content. */
export const QUARANTINE_REASONS = [
  'invalid-utf8',
  'not-json',
  'bad-csv-row',
  'not-an-object',
  'line-too-long',
  'unknown-type',
  'unknown-field',
  'invalid-field',
  'missing-field',
  'sensitive-external-id',
  'sensitive-value',
  'invalid-card-number',
  'invalid-contact',
  'invalid-verification',
  'unknown-cardholder',
  'unknown-card',
  'cardholder-altered',
  'card-altered',
  'external-id-taken',
  'customer-ref-taken',
  'card-number-taken',
  'has-console-history',
  'as-of-in-future',
] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

/**
 * Writes a filtered range of the trail to a file, as the audit desk and `desk-admin audit
 * export` do: CSV (UTF-8 with a byte-order mark, so Excel reads Japanese correctly; written
 * by csv-stringify; every text cell that a spreadsheet would read as a formula — starting
 * with =, +, -, @, tab or carriage return — is neutralised with a leading apostrophe, as
 * OWASP advises) or JSON Lines (one entry a line, values as they are). Both carry what the
 * explorer shows: codes, identifiers, timestamps and numbers; a withheld detail stays
 * withheld. Entries never hold note text (only its length), so neither does an export.
 * The file is written a page at a time and hashed as it is written.
 */
import { stringify } from 'csv-stringify/sync';
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { AuditExportFormat } from '../../../shared/audit/audit-codes.ts';
import type { AuditFilter } from '../../../shared/contract/audit.ts';
import type { AuditReader, AuditRow } from './audit-reader.ts';
import { detailsOf, entryRowOf } from './audit-view.ts';

/** The columns of an export, in order (the CSV header and the JSON Lines keys). */
export const EXPORT_COLUMNS = [
  'seq',
  'at',
  'operator',
  'operator_name',
  'origin',
  'action',
  'group',
  'result',
  'subject_type',
  'subject_id',
  'details',
] as const;

export const UTF8_BOM = '\uFEFF';

/** RFC 4180: CRLF between records, and after the last. */
const CSV_OPTIONS = { eof: true, record_delimiter: 'windows' } as const;

/** Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/u;

/** A text cell a spreadsheet will show as text: a formula's first character is escaped. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export interface ExportedFile {
  rows: number;
  sha256: string;
  bytes: number;
}

type ExportRecord = Record<(typeof EXPORT_COLUMNS)[number], string | number | null | object>;

function recordOf(row: AuditRow): ExportRecord {
  const shown = entryRowOf(row);
  const details: Record<string, unknown> = {};
  for (const detail of detailsOf(row.details)) {
    details[detail.key] = detail.withheld ? '[withheld]' : detail.value;
  }
  return {
    seq: shown.seq,
    at: shown.at,
    operator: shown.operator,
    operator_name: shown.operatorName,
    origin: shown.origin,
    action: shown.action,
    group: shown.group,
    result: shown.result,
    subject_type: shown.subjectType,
    subject_id: shown.subjectId,
    details,
  };
}

function csvCells(record: ExportRecord): (string | number)[] {
  return EXPORT_COLUMNS.map((column) => {
    const value = record[column];
    if (value === null) return '';
    if (typeof value === 'number') return value;
    return neutraliseCell(typeof value === 'string' ? value : JSON.stringify(value));
  });
}

/** Writes every entry matching the filter, newest first, to `path` (created owner-only). */
export function exportAudit(
  reader: AuditReader,
  filter: AuditFilter,
  format: AuditExportFormat,
  path: string,
): ExportedFile {
  const fd = openSync(path, 'w', 0o600);
  const hash = createHash('sha256');
  let bytes = 0;
  const write = (text: string) => {
    const chunk = Buffer.from(text, 'utf8');
    hash.update(chunk);
    bytes += chunk.length;
    let offset = 0;
    while (offset < chunk.length) offset += writeSync(fd, chunk, offset);
  };
  let rows: number;
  try {
    if (format === 'csv') write(UTF8_BOM + stringify([[...EXPORT_COLUMNS]], CSV_OPTIONS));
    let batch: ExportRecord[] = [];
    const flush = () => {
      if (batch.length === 0) return;
      if (format === 'csv') {
        write(stringify(batch.map(csvCells), CSV_OPTIONS));
      } else {
        write(batch.map((record) => `${JSON.stringify(record)}\n`).join(''));
      }
      batch = [];
    };
    rows = reader.each(filter, (row) => {
      batch.push(recordOf(row));
      if (batch.length >= 1000) flush();
    });
    flush();
  } finally {
    closeSync(fd);
  }
  return { rows, sha256: hash.digest('hex'), bytes };
}

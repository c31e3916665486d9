/**
 * desk-admin import: one file (JSON Lines, or CSV with a mapping) into the database.
 *
 * 1. Scan: the file's SHA-256, and every field name (every CSV header, ignored columns
 *    included) against the dangerous names. One hit refuses the file before anything is
 *    written, naming the field and line — never a value.
 * 2. Passes in dependency order (cardholders; cards, contacts, verification facts; lockouts
 *    and attempts; deletes), so records may come in any order within a file. Each line is
 *    validated by its zod schema; a bad line goes to quarantine with its reason and the run
 *    goes on. Valid records are applied in batches, each one immediate transaction that also
 *    records how far the run has got: killed at any moment, the next run of the same file
 *    resumes after the last committed batch, and upserts keyed on external ids (with as-of
 *    precedence) make any repeat change nothing.
 * 3. One audit entry for the run (file hash, counts by type and outcome), in the transaction
 *    that marks it done; a checkpoint is anchored after it.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import {
  IMPORT_RECORD_TYPES,
  type ImportFormat,
  type ImportOutcome,
  type ImportRecordType,
  type QuarantineReason,
} from '../../../shared/import/import-codes.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { hashVerificationPair, type VerificationHash } from '../verification/verification-hash.ts';
import { isDangerousFieldName } from './dangerous-names.ts';
import { createImportStore, type Applied } from './import-store.ts';
import { csvHeaders, csvLines, jsonLines, type SourceLine } from './readers.ts';
import { ExternalId, formatFieldNames, RECORD_SCHEMAS, type CsvMapping } from './schemas.ts';
import { isSensitiveIdentifier } from './sensitive-shapes.ts';
import { importSalt, transform, type Prepared } from './transform.ts';

/** Record types applied in each pass, in order: a record's parents come in an earlier pass. */
export const PASSES: readonly (readonly ImportRecordType[])[] = [
  ['cardholder'],
  ['card', 'contact', 'verification'],
  ['lockout', 'attempt'],
  ['delete'],
];

/** Fields holding an external id: checked for a card-number, phone or email shape. */
const ID_FIELDS = ['id', 'cardholderId', 'cardId', 'acsCardRef', 'merchantId', 'acsId', 'dsId'];

export const BATCH_SIZE = 500;

export type CountKey = ImportOutcome | 'valid';
/** By record type (or "unreadable" for a line with none), by outcome. */
export type ImportCounts = Record<string, Partial<Record<CountKey, number>>>;

export interface QuarantineEntry {
  line: number;
  recordType: string | null;
  externalId: string | null;
  reason: QuarantineReason;
  field: string | null;
}

export interface ImportRefusal {
  field: string;
  line: number;
}

export interface ImportResult {
  state: 'done' | 'refused' | 'dry-run';
  file: string;
  fileSha256: string;
  format: ImportFormat;
  runId: number | null;
  resumed: boolean;
  counts: ImportCounts;
  quarantine: QuarantineEntry[];
  refusal: ImportRefusal | null;
}

export interface ImportProgress {
  pass: number;
  line: number;
  totalLines: number;
}

export interface ImportOptions {
  db: Db;
  keys: KeyProvider;
  /** The trail of this database: it also seals the lockouts the import writes. */
  audit: AuditTrail;
  clock: Clock;
  /** Where the import came from, for the audit entry ("desk-admin@host"). */
  origin: string;
  file: string;
  /** For a CSV file: its mapping. Without one the file is read as JSON Lines. */
  mapping?: CsvMapping;
  /** Validate and report only: nothing is written. */
  dryRun?: boolean;
  batchSize?: number;
  /** After each batch: the pass (of PASSES.length), the line reached, the file's lines. */
  onProgress?: (progress: ImportProgress) => void;
}

const ALLOWED_FIELDS = new Set(formatFieldNames());

/** How far ahead of this machine's clock a record's "as of" may be (clocks drift; NTP). */
export const AS_OF_SKEW_MS = 5 * 60_000;

/** A field name as the report may show it: the format's own names, else nothing. */
const reportable = (name: unknown): string | null =>
  typeof name === 'string' && ALLOWED_FIELDS.has(name) ? name : null;

/** A name from the file, shown only when it cannot be a value in disguise. */
function shownName(name: string): string {
  return /^[\p{L}\p{N}_ .-]{1,64}$/u.test(name) && !isSensitiveIdentifier(name)
    ? name
    : '(a name that is not shown)';
}

function safeExternalId(value: Record<string, unknown>): string | null {
  const id = value.id ?? value.cardholderId;
  return typeof id === 'string' && ExternalId.safeParse(id).success && !isSensitiveIdentifier(id)
    ? id
    : null;
}

/** Control and bidi-override characters: no field of the format may hold one. */
const CONTROL = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

/** The first top-level field whose value (or a string inside it) holds one, else undefined. */
function fieldWithControl(value: Record<string, unknown>): string | undefined {
  const holds = (inner: unknown): boolean =>
    typeof inner === 'string'
      ? CONTROL.test(inner)
      : typeof inner === 'object' && inner !== null && Object.values(inner).some(holds);
  return Object.keys(value).find((key) => holds(value[key]));
}

/** The file's SHA-256 and how many lines it has (for progress). */
function fileSha256(path: string): Promise<{ sha: string; lines: number }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let lines = 0;
    let last = 0x0a;
    createReadStream(path)
      .on('data', (data: string | Buffer) => {
        const chunk = Buffer.isBuffer(data) ? data : Buffer.from(data);
        hash.update(chunk);
        for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lines++;
        if (chunk.length > 0) last = chunk[chunk.length - 1]!;
      })
      .on('error', reject)
      .on('end', () =>
        resolve({ sha: hash.digest('hex'), lines: lines + (last === 0x0a ? 0 : 1) }),
      );
  });
}

/** Field names repeat on every line: each distinct one is judged once (up to a bound). */
const judged = new Map<string, boolean>();
function dangerous(name: string): boolean {
  let verdict = judged.get(name);
  if (verdict === undefined) {
    verdict = isDangerousFieldName(name);
    if (judged.size < 10_000) judged.set(name, verdict);
  }
  return verdict;
}

function firstDangerousKey(value: unknown): string | null {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = firstDangerousKey(item);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (dangerous(key)) return key;
    const found = firstDangerousKey(inner);
    if (found !== null) return found;
  }
  return null;
}

interface Scan {
  refusal: ImportRefusal | null;
  /** The passes that have a line to handle: a feed of attempts alone is read twice, not five times. */
  passes: Set<number>;
}

/** The first field or column whose name says it holds a secret, and which passes are needed. */
async function scanFile(file: string, mapping: CsvMapping | undefined): Promise<Scan> {
  const passes = new Set<number>();
  const passOf = (type: unknown) => {
    const index = PASSES.findIndex((types) => (types as readonly unknown[]).includes(type));
    // A line that is no record of a known type is quarantined in the first pass.
    passes.add(index === -1 ? 1 : index + 1);
  };
  if (mapping) {
    passOf(mapping.type);
    passes.add(1);
    const headers = (await csvHeaders(file)) ?? [];
    for (const header of [...headers, ...Object.keys(mapping.columns)])
      if (isDangerousFieldName(header))
        return { refusal: { field: shownName(header), line: 1 }, passes };
    for (const field of Object.keys(mapping.fixed ?? {}))
      if (isDangerousFieldName(field))
        return { refusal: { field: shownName(field), line: 0 }, passes };
    return { refusal: null, passes };
  }
  for await (const item of jsonLines(file)) {
    if (!('value' in item)) {
      passes.add(1);
      continue;
    }
    const found = firstDangerousKey(item.value);
    if (found !== null) return { refusal: { field: shownName(found), line: item.line }, passes };
    passOf(item.value.type);
  }
  return { refusal: null, passes };
}

/** Hashes pairs on the libuv thread pool, as many at once as there are cores (at least 4). */
async function hashPairs(
  keys: KeyProvider,
  items: { pair: { dob: string; postcode: string }; salt: Buffer }[],
): Promise<VerificationHash[]> {
  const width = Math.max(4, availableParallelism());
  const hashes: VerificationHash[] = [];
  for (let start = 0; start < items.length; start += width) {
    const chunk = items.slice(start, start + width);
    hashes.push(
      ...(await Promise.all(
        chunk.map((item) =>
          hashVerificationPair(keys, item.pair.dob, item.pair.postcode, item.salt),
        ),
      )),
    );
  }
  return hashes;
}

interface RunRow {
  id: number;
  pass: number;
  line: number;
  counts: string;
}

export async function runImport(options: ImportOptions): Promise<ImportResult> {
  const { db, keys, audit, clock, file, mapping } = options;
  const dryRun = options.dryRun ?? false;
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const format: ImportFormat = mapping ? 'csv' : 'jsonl';
  const name = isSensitiveIdentifier(basename(file)) ? '(file)' : basename(file);
  const { sha, lines: totalLines } = await fileSha256(file);
  const result: ImportResult = {
    state: dryRun ? 'dry-run' : 'done',
    file: name,
    fileSha256: sha,
    format,
    runId: null,
    resumed: false,
    counts: {},
    quarantine: [],
    refusal: null,
  };

  const scan = await scanFile(file, mapping);
  const refusal = scan.refusal;
  if (refusal) {
    result.state = 'refused';
    result.refusal = refusal;
    if (!dryRun) {
      audit.transact(() =>
        audit.append({
          at: clock.now(),
          operatorId: null,
          username: null,
          origin: options.origin,
          action: 'import.refused',
          subjectType: 'import-file',
          subjectId: sha,
          result: 'refused',
          details: { file: name, sha256: sha, format, field: refusal.field, line: refusal.line },
        }),
      );
      audit.anchorNow();
    }
    return result;
  }

  const store = createImportStore(db, keys);
  const statements = {
    running: db.prepare<[string], RunRow>(
      "SELECT id, pass, line, counts FROM import_runs WHERE file_sha256 = ? AND state = 'running' ORDER BY id DESC LIMIT 1",
    ),
    start: db.prepare(
      `INSERT INTO import_runs (file_name, file_sha256, format, state, pass, line, started_at)
       VALUES (?, ?, ?, 'running', 1, 0, ?)`,
    ),
    progress: db.prepare('UPDATE import_runs SET pass = ?, line = ?, counts = ? WHERE id = ?'),
    // ISO times in UTC ("…Z"), so the newest is the greatest string.
    fresh: db.prepare<[string, string, number]>(
      'UPDATE import_runs SET newest_as_of = max(coalesce(newest_as_of, ?), ?) WHERE id = ?',
    ),
    quarantine: db.prepare(
      `INSERT OR IGNORE INTO import_quarantine (run_id, line, record_type, external_id, reason, field)
       VALUES (@runId, @line, @recordType, @externalId, @reason, @field)`,
    ),
    quarantined: db.prepare<[number], QuarantineEntry>(
      `SELECT line, record_type AS recordType, external_id AS externalId, reason, field
       FROM import_quarantine WHERE run_id = ? ORDER BY line`,
    ),
    done: db.prepare(
      "UPDATE import_runs SET state = 'done', counts = ?, finished_at = ? WHERE id = ?",
    ),
  };

  let startPass = 1;
  let startLine = 0;
  let runId: number | null = null;
  if (!dryRun) {
    const running = statements.running.get(sha);
    if (running) {
      runId = running.id;
      startPass = running.pass;
      startLine = running.line;
      result.counts = JSON.parse(running.counts) as ImportCounts;
      result.resumed = true;
    } else {
      runId = db
        .transaction(() =>
          Number(
            statements.start.run(name, sha, format, clock.now().toISOString()).lastInsertRowid,
          ),
        )
        .immediate();
    }
    result.runId = runId;
  }

  const count = (type: string, outcome: CountKey) => {
    const byOutcome = (result.counts[type] ??= {});
    byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
  };
  const memoryQuarantine: QuarantineEntry[] = [];
  const dryKnown = { cardholder: new Set<string>(), card: new Set<string>() };

  type Pending =
    | { line: number; record: Prepared; externalId: string | null }
    | { line: number; entry: QuarantineEntry };

  for (let pass = startPass; pass <= PASSES.length; pass++) {
    const types = PASSES[pass - 1]!;
    if (!scan.passes.has(pass)) continue;
    let batch: Pending[] = [];

    const flush = async (lastLine: number) => {
      const items = batch;
      batch = [];
      if (dryRun) {
        for (const item of items) {
          if ('entry' in item) {
            memoryQuarantine.push(item.entry);
            count(item.entry.recordType ?? 'unreadable', 'quarantined');
          } else {
            const reason = dryParent(item.record);
            if (reason) {
              memoryQuarantine.push(entryFor(item, reason));
              count(item.record.type, 'quarantined');
            } else count(item.record.type, 'valid');
          }
        }
        return;
      }
      // Slow hashes first, outside the transaction, only for facts that would change.
      const toHash = items.flatMap((item) =>
        'record' in item &&
        item.record.type === 'verification' &&
        store.wantsFacts(item.record) === 'hash'
          ? [
              {
                item,
                pair: item.record.pair,
                salt: importSalt(store.lookupKey, item.record.cardholderId, item.record.asOf),
              },
            ]
          : [],
      );
      const hashed = await hashPairs(keys, toHash);
      const hashOf = new Map(toHash.map((entry, index) => [entry.item, hashed[index]!]));
      // Through the trail: cards and lockouts are sealed, and the seal functions answer only in
      // a write that has just checked the schema (sealed-rows.ts, RowMacGate).
      audit.transact(() => {
        let newestAsOf: string | null = null;
        for (const item of items) {
          if ('entry' in item) {
            statements.quarantine.run({ runId, ...item.entry });
            count(item.entry.recordType ?? 'unreadable', 'quarantined');
            continue;
          }
          const applied: Applied = store.apply(item.record, hashOf.get(item));
          if ('reason' in applied) {
            statements.quarantine.run({ runId, ...entryFor(item, applied.reason) });
            count(item.record.type, 'quarantined');
          } else {
            count(item.record.type, applied.outcome);
            // Unchanged records count too: they say the data was still so at their time.
            if (newestAsOf === null || item.record.asOf > newestAsOf) newestAsOf = item.record.asOf;
          }
        }
        if (newestAsOf !== null) statements.fresh.run(newestAsOf, newestAsOf, runId!);
        statements.progress.run(pass, lastLine, JSON.stringify(result.counts), runId);
      });
    };

    const source: AsyncGenerator<SourceLine> = mapping ? csvLines(file, mapping) : jsonLines(file);
    let lastLine = 0;
    for await (const item of source) {
      lastLine = item.line;
      if (pass === startPass && item.line <= startLine) continue;
      const pending = classify(item, pass, types);
      if (pending) batch.push(pending);
      if (batch.length >= batchSize) {
        await flush(item.line);
        options.onProgress?.({ pass, line: item.line, totalLines });
      }
    }
    await flush(lastLine);
    if (!dryRun) {
      // The next pass starts at its first line.
      db.transaction(() =>
        statements.progress.run(pass + 1, 0, JSON.stringify(result.counts), runId),
      ).immediate();
    }
    options.onProgress?.({ pass, line: lastLine, totalLines });
  }

  if (dryRun) {
    result.quarantine = memoryQuarantine.sort((a, b) => a.line - b.line);
    return result;
  }
  audit.transact(() => {
    statements.done.run(JSON.stringify(result.counts), clock.now().toISOString(), runId);
    result.quarantine = statements.quarantined.all(runId!);
    audit.append({
      at: clock.now(),
      operatorId: null,
      username: null,
      origin: options.origin,
      action: 'import.run',
      subjectType: 'import-run',
      subjectId: String(runId),
      result: 'success',
      details: {
        file: name,
        sha256: sha,
        format,
        resumed: result.resumed,
        quarantined: result.quarantine.length,
        counts: result.counts,
      },
    });
  });
  audit.anchorNow();
  return result;

  function entryFor(
    item: { line: number; record: Prepared; externalId: string | null },
    reason: QuarantineReason,
  ): QuarantineEntry {
    return {
      line: item.line,
      recordType: item.record.type,
      externalId: item.externalId,
      reason,
      field: null,
    };
  }

  function dryParent(record: Prepared): QuarantineReason | null {
    if (record.type === 'cardholder') {
      dryKnown.cardholder.add(record.id);
      return null;
    }
    if (record.type === 'card') {
      if (
        !dryKnown.cardholder.has(record.cardholderId) &&
        !store.knows('cardholder', record.cardholderId)
      )
        return 'unknown-cardholder';
      dryKnown.card.add(record.id);
      return null;
    }
    if (record.type === 'lockout' || record.type === 'attempt')
      return dryKnown.card.has(record.cardId) || store.knows('card', record.cardId)
        ? null
        : 'unknown-card';
    if (record.type === 'delete') return null;
    return dryKnown.cardholder.has(record.cardholderId) ||
      store.knows('cardholder', record.cardholderId)
      ? null
      : 'unknown-cardholder';
  }

  /** What a line is in this pass: a record to apply, a quarantine entry, or nothing. */
  function classify(
    item: SourceLine,
    pass: number,
    types: readonly ImportRecordType[],
  ): Pending | null {
    const quarantine = (
      recordType: string | null,
      reason: QuarantineReason,
      externalId: string | null = null,
      field: string | null = null,
    ): Pending => ({
      line: item.line,
      entry: { line: item.line, recordType, externalId, reason, field },
    });

    if ('problem' in item) return pass === 1 ? quarantine(null, item.problem) : null;
    const value = item.value;
    const type = value.type;
    if (!(IMPORT_RECORD_TYPES as readonly unknown[]).includes(type)) {
      if (pass !== 1) return null;
      return quarantine(null, type === undefined ? 'missing-field' : 'unknown-type', null, 'type');
    }
    const recordType = type as ImportRecordType;
    if (!types.includes(recordType)) return null;

    for (const field of ID_FIELDS) {
      const id = value[field];
      if (typeof id === 'string' && isSensitiveIdentifier(id))
        return quarantine(recordType, 'sensitive-external-id', null, field);
    }
    const externalId = safeExternalId(value);
    const hidden = fieldWithControl(value);
    if (hidden !== undefined)
      return quarantine(recordType, 'invalid-field', externalId, reportable(hidden));
    const parsed = RECORD_SCHEMAS[recordType].safeParse(value);
    if (!parsed.success) {
      // An unknown field is named first: the allow-list is the rule a sender must learn.
      const issues = parsed.error.issues;
      const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;
      if (issue.code === 'unrecognized_keys')
        return quarantine(recordType, 'unknown-field', externalId, reportable(issue.keys[0]));
      const field = reportable(issue.path[0]);
      const missing =
        issue.code === 'invalid_type' &&
        issue.path.length === 1 &&
        value[String(issue.path[0])] === undefined;
      return quarantine(recordType, missing ? 'missing-field' : 'invalid-field', externalId, field);
    }
    const prepared = transform(parsed.data, store.lookupKey);
    if (!prepared.ok) return quarantine(recordType, prepared.reason, externalId);
    // A record from the future would win every precedence check and pin "data as of" there.
    if (Date.parse(prepared.record.asOf) > clock.now().getTime() + AS_OF_SKEW_MS)
      return quarantine(recordType, 'as-of-in-future', externalId, 'asOf');
    return { line: item.line, record: prepared.record, externalId };
  }
}

/**
 * desk-admin import: one file (JSON Lines, or CSV with a mapping) into the database; also
 * a JSON Lines file generated in memory (desk-admin demo's data), given as bytes.
 *
 * 1. Scan, in one read: the file's SHA-256, its lines, each line's pass, and every field name
 *    (every CSV header, ignored columns included) against the dangerous names. One hit
 *    refuses the file before anything is written, naming the field and line — never a value.
 * 2. Passes in dependency order (cardholders; cards, contacts, verification facts; lockouts
 *    and attempts; deletes), so records may come in any order within a file; a pass skips
 *    the other passes' lines unparsed. Verification pairs are hashed in the worker pool
 *    (one thread per core) before their batch's transaction. Each line is
 *    validated by its zod schema; a bad line goes to quarantine with its reason and the run
 *    goes on. Valid records are applied in batches, each one immediate transaction that also
 *    records how far the run has got: killed at any moment, the next run of the same file
 *    resumes after the last committed batch, and upserts keyed on external ids (with as-of
 *    precedence) make any repeat change nothing.
 * 3. One audit entry for the run (file hash, counts by type and outcome), in the transaction
 *    that marks it done; a checkpoint is anchored after it.
 */
import { AS_OF_SKEW_MS } from './as-of-skew.ts';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import {
  IMPORT_RECORD_TYPES,
  type ImportFormat,
  type ImportOutcome,
  type ImportRecordType,
  type QuarantineReason,
} from '../../../shared/import/import-codes.ts';
import { createAcsSettingsStore } from '../acs/acs-settings.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { benchmarkCost } from '../db/benchmark-mark.ts';
import { sharedPairHashPool, type PairHashPool } from '../verification/pair-hash-pool.ts';
import { hashVerificationPair, VERIFICATION_COST } from '../verification/verification-hash.ts';
import { isDangerousFieldName } from './dangerous-names.ts';
import { CONTACT_CHANGED, type ContactChangedDetails } from '../contacts/contact-trail.ts';
import { FACTS_CHANGED, type FactsChangedDetails } from '../verification/facts-trail.ts';
import { LOCKOUT_CLEARED, type LockoutClearedDetails } from '../lockout/vouched-clears.ts';
import { FRAUD_REASON_SEEN } from '../lockout/fraud-at-send.ts';
import { createImportStore, type Applied } from './import-store.ts';
import {
  csvHeaders,
  csvLines,
  jsonLines,
  sourceChunks,
  type ByteSource,
  type SourceLine,
} from './readers.ts';
import { ExternalId, formatFieldNames, RECORD_SCHEMAS, type CsvMapping } from './schemas.ts';
import { isSensitiveIdentifier } from './sensitive-shapes.ts';
import { createMaskMemo, importSalt, transform, type Prepared } from './transform.ts';

/** Record types applied in each pass, in order: a record's parents come in an earlier pass. */
export const PASSES: readonly (readonly ImportRecordType[])[] = [
  ['cardholder'],
  ['card', 'contact', 'verification'],
  ['lockout', 'attempt'],
  ['delete'],
];

/** Fields holding an external id: checked for a card-number, phone or email shape. */
const ID_FIELDS = ['id', 'cardholderId', 'cardId', 'acsCardRef', 'merchantId', 'acsId', 'dsId'];

/**
 * Records per transaction: large enough that a commit's fsync is a small share of a batch,
 * small enough that a crash redoes little (a resumed run starts after the last batch).
 */
export const BATCH_SIZE = 5000;

/** Up to this many pairs in a batch are hashed without starting the worker pool. */
const FEW_PAIRS = 8;

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
  /** The file to import; with `bytes`, the name of a file generated in memory. */
  file: string;
  /** A JSON Lines file made in memory (desk-admin demo): read from here, never from disk. */
  bytes?: Buffer;
  /** For a CSV file: its mapping. Without one the file is read as JSON Lines. */
  mapping?: CsvMapping;
  /** Validate and report only: nothing is written. */
  dryRun?: boolean;
  batchSize?: number;
  /** Where verification pairs are hashed (default: this process's pool, one thread per core). */
  pool?: PairHashPool;
  /**
   * How an imported row's public id is made from its external id: by default a keyed hash
   * (importPublicId). desk-admin demo passes its own so its cards keep the ids it documents.
   */
  publicIdOf?: (prefix: 'h' | 'c', externalId: string) => string;
  /**
   * false: the records are not the issuer's or ACS's data, so they do not move the "Imported
   * data as of" the console shows (a demo has no feed that could be late).
   */
  feed?: boolean;
  /** After each batch: the pass (of PASSES.length), the line reached, the file's lines. */
  onProgress?: (progress: ImportProgress) => void;
}

const ALLOWED_FIELDS = new Set(formatFieldNames());

export { AS_OF_SKEW_MS } from './as-of-skew.ts';

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

/** Counts a source's lines and hashes its bytes as its chunks go by. */
function tally() {
  const hash = createHash('sha256');
  let lines = 0;
  let last = 0x0a;
  return {
    async *tap(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
      for await (const chunk of chunks) {
        hash.update(chunk);
        for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lines++;
        if (chunk.length > 0) last = chunk[chunk.length - 1]!;
        yield chunk;
      }
    },
    result: () => ({ sha: hash.digest('hex'), lines: lines + (last === 0x0a ? 0 : 1) }),
  };
}

/** The source's SHA-256 and how many lines it has (for progress). */
async function sourceSha256(source: ByteSource): Promise<{ sha: string; lines: number }> {
  const counter = tally();
  for await (const chunk of counter.tap(sourceChunks(source))) void chunk;
  return counter.result();
}

/** Which pass each line belongs to (0: none), grown as the scan reads the file. */
class LinePasses {
  private bytes = new Uint8Array(1 << 16);
  set(line: number, pass: number) {
    if (line >= this.bytes.length) {
      const grown = new Uint8Array(Math.max(line + 1, this.bytes.length * 2));
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[line] = pass;
  }
  get(line: number): number {
    return this.bytes[line] ?? 0;
  }
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
  /** The passes that have a line to handle: a feed of attempts alone is read once more, not four times. */
  passes: Set<number>;
  /** For JSON Lines, each line's pass: a pass skips the other lines unparsed. */
  linePasses: LinePasses | null;
  sha: string;
  lines: number;
}

const passOfType = (type: unknown): number => {
  const index = PASSES.findIndex((types) => (types as readonly unknown[]).includes(type));
  // A line that is no record of a known type is quarantined in the first pass.
  return index === -1 ? 1 : index + 1;
};

/**
 * One read of the source: its SHA-256 and line count, the first field or column whose name
 * says it holds a secret, and which pass each line belongs to.
 */
async function scanSource(
  source: ByteSource,
  file: string,
  mapping: CsvMapping | undefined,
): Promise<Scan> {
  const passes = new Set<number>();
  if (mapping) {
    const { sha, lines } = await sourceSha256(source);
    const scan = { passes, linePasses: null, sha, lines };
    passes.add(passOfType(mapping.type));
    passes.add(1);
    const headers = (await csvHeaders(file)) ?? [];
    for (const header of [...headers, ...Object.keys(mapping.columns)])
      if (isDangerousFieldName(header))
        return { ...scan, refusal: { field: shownName(header), line: 1 } };
    for (const field of Object.keys(mapping.fixed ?? {}))
      if (isDangerousFieldName(field))
        return { ...scan, refusal: { field: shownName(field), line: 0 } };
    return { ...scan, refusal: null };
  }
  const linePasses = new LinePasses();
  const counter = tally();
  for await (const items of jsonLines(counter.tap(sourceChunks(source)))) {
    for (const item of items) {
      const pass = 'value' in item ? passOfType(item.value.type) : 1;
      if ('value' in item) {
        const found = firstDangerousKey(item.value);
        if (found !== null) {
          // Refused: the whole file's hash still names it in the audit entry.
          const { sha, lines } = await sourceSha256(source);
          const refusal = { field: shownName(found), line: item.line };
          return { refusal, passes, linePasses: null, sha, lines };
        }
      }
      passes.add(pass);
      linePasses.set(item.line, pass);
    }
  }
  return { refusal: null, passes, linePasses, ...counter.result() };
}

/**
 * The cost verification pairs are hashed at: the standard one, or the lower cost a database
 * marked as a benchmark when it was made records (desk-admin demo --benchmark) — only when the
 * mark's MAC holds (db/benchmark-mark.ts). An import never chooses a cost of its own.
 */
function verificationCost(db: Db, keys: KeyProvider): string {
  return benchmarkCost(db, keys) ?? VERIFICATION_COST;
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
  if (mapping && options.bytes) throw new Error('A CSV import is read from its file.');
  const byteSource: ByteSource = options.bytes ? { bytes: options.bytes } : { path: file };
  const scan = await scanSource(byteSource, file, mapping);
  const { sha, lines: totalLines } = scan;
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

  const store = createImportStore(db, keys, () => clock.now(), options.publicIdOf);
  const acsSettings = createAcsSettingsStore(db, keys);
  const cost = verificationCost(db, keys);
  const memo = createMaskMemo();
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
      // A handful of pairs (a feed's few changes) on libuv's threads; more in the worker
      // pool, whose threads start only when a run first needs them.
      const hashed =
        toHash.length <= FEW_PAIRS
          ? await Promise.all(
              toHash.map((entry) =>
                hashVerificationPair(keys, entry.pair.dob, entry.pair.postcode, entry.salt, cost),
              ),
            )
          : await (options.pool ?? sharedPairHashPool()).hash(
              keys.current('verification'),
              cost,
              toHash.map((entry) => ({
                dob: entry.pair.dob,
                postcode: entry.pair.postcode,
                salt: entry.salt,
              })),
            );
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
        // A card found moved or given another reference in the file, and written back as the
        // record says (import-store.ts): named in the trail, in the transaction that repaired it.
        for (const card of store.repaired())
          audit.append({
            at: clock.now(),
            operatorId: null,
            username: null,
            origin: options.origin,
            action: 'import.card-repaired',
            subjectType: 'card',
            subjectId: card.publicId,
            result: 'success',
            details: {
              runId: String(runId),
              sha256: sha,
              cardholder: card.cardholder,
              reference: card.reference,
              renamed: card.renamed,
            },
          });
        // Each contact the batch changed (what the reset rule reads of it), so a row put back
        // from before the change or deleted in the file is seen (contact-trail.ts). No contact
        // data: the cardholder, the kind, a digest and when the value changed.
        for (const change of store.changedContacts())
          audit.append({
            at: clock.now(),
            operatorId: null,
            username: null,
            origin: options.origin,
            action: CONTACT_CHANGED,
            subjectType: 'cardholder',
            subjectId: change.holderPublicId,
            result: 'success',
            details: {
              runId: String(runId),
              kind: change.kind,
              facts: change.facts,
              changedAt: change.changedAt,
            } satisfies ContactChangedDetails,
          });
        // Each cardholder's facts the batch wrote or removed, so a row put back from before the
        // change, deleted, or given another as-of time is seen (facts-trail.ts). No DOB or
        // postcode, nor their hash: the cardholder, a digest of the row's MAC, the as-of time.
        for (const change of store.changedFacts())
          audit.append({
            at: clock.now(),
            operatorId: null,
            username: null,
            origin: options.origin,
            action: FACTS_CHANGED,
            subjectType: 'cardholder',
            subjectId: change.holderPublicId,
            result: 'success',
            details: {
              runId: String(runId),
              facts: change.facts,
              asOf: change.asOf,
            } satisfies FactsChangedDetails,
          });
        // Each lockout the batch cleared lately (the embedded ACS's resets are its rows), so
        // deleting the cleared row cannot hide it from the second-reset rule (vouched-clears.ts).
        for (const cleared of store.clearedLockouts())
          audit.append({
            at: clock.now(),
            operatorId: null,
            username: null,
            origin: options.origin,
            action: LOCKOUT_CLEARED,
            subjectType: 'card',
            subjectId: cleared.cardPublicId,
            result: 'success',
            details: {
              runId: String(runId),
              lockoutId: cleared.lockoutId,
              lockSince: cleared.lockSince,
              cause: cleared.cause,
              clearedAt: cleared.clearedAt,
            } satisfies LockoutClearedDetails,
          });
        // Each recent attempt the batch wrote flagged for suspected fraud, as a console records
        // its first sight of one: the attempts are not sealed (fraud-at-send.ts).
        for (const flagged of store.flaggedAttempts())
          audit.append({
            at: clock.now(),
            operatorId: null,
            username: null,
            origin: options.origin,
            action: FRAUD_REASON_SEEN,
            subjectType: 'card',
            subjectId: flagged.cardPublicId,
            result: 'success',
            details: {
              attemptId: flagged.attemptId,
              attemptAt: flagged.attemptAt,
              reason: flagged.reason,
            },
          });
        // Attempt rows as of beyond the import's clock: written outside the importer to make
        // the feed's records "older" (import-store.ts). The records won; the lead is told.
        const ahead = store.attemptsAhead();
        if (ahead.length > 0)
          audit.append({
            at: clock.now(),
            operatorId: null,
            username: null,
            origin: options.origin,
            action: 'alert.altered-row',
            subjectType: 'database',
            subjectId: null,
            result: 'alert',
            details: {
              table: 'auth_attempts',
              rows: ahead.length,
              runId: String(runId),
              reason: 'as-of-ahead',
            },
          });
        if (newestAsOf !== null && options.feed !== false)
          statements.fresh.run(newestAsOf, newestAsOf, runId!);
        // This batch marked the database as holding ACS data (or made the gateway row): the
        // trail names the row in the batch's own transaction, and the key store right after it
        // commits — an import stopped before its end leaves no row that nothing vouches for.
        acsSettings.recordImportedMark(audit, {
          at: clock.now(),
          operatorId: null,
          username: null,
          origin: options.origin,
        });
        statements.progress.run(pass, lastLine, JSON.stringify(result.counts), runId);
      });
    };

    const linePasses = scan.linePasses;
    const source: AsyncIterable<SourceLine[]> = mapping
      ? inBatches(csvLines(file, mapping))
      : jsonLines(
          sourceChunks(byteSource),
          linePasses ? (line) => linePasses.get(line) === pass : undefined,
        );
    let lastLine = 0;
    for await (const items of source) {
      for (const item of items) {
        lastLine = item.line;
        if (pass === startPass && item.line <= startLine) continue;
        const pending = classify(item, pass, types);
        if (pending) batch.push(pending);
        if (batch.length >= batchSize) {
          await flush(item.line);
          options.onProgress?.({ pass, line: item.line, totalLines });
        }
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
        // Cards whose row failed only its seal (written before every card was sealed), sealed again.
        ...(store.resealed() > 0 ? { resealedCards: store.resealed() } : {}),
        // Contacts whose row failed its seal, written again from their record.
        ...(store.resealedContacts() > 0 ? { resealedContacts: store.resealedContacts() } : {}),
      },
    });
    // The import marked the database as holding ACS data (or made the gateway row): the trail
    // names the row, so deleting it or putting it back unmarked is caught (acs-settings.ts).
    acsSettings.recordImportedMark(audit, {
      at: clock.now(),
      operatorId: null,
      username: null,
      origin: options.origin,
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
    const prepared = transform(parsed.data, store.lookupKey, memo);
    if (!prepared.ok) return quarantine(recordType, prepared.reason, externalId);
    // A record from the future would win every precedence check and pin "data as of" there.
    if (Date.parse(prepared.record.asOf) > clock.now().getTime() + AS_OF_SKEW_MS)
      return quarantine(recordType, 'as-of-in-future', externalId, 'asOf');
    return { line: item.line, record: prepared.record, externalId };
  }
}

/** A CSV reader's rows in the JSON reader's shape: a few hundred at a time. */
async function* inBatches(lines: AsyncIterable<SourceLine>): AsyncGenerator<SourceLine[]> {
  let batch: SourceLine[] = [];
  for await (const line of lines) {
    batch.push(line);
    if (batch.length >= 256) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

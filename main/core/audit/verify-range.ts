/**
 * One range of the chain checked straight from the database, a thousand entries per call into
 * SQLite, as `audit verify` and the trail watch's full passes run it (verify-worker.ts).
 *
 * SQLite hands over each entry as three strings — its key id, the JSON array of its stored
 * columns (`json_array`, the canonical order of canonical.ts) and its MAC in hex — not as
 * twelve values with a Buffer each: half the cost of reading the row. The MAC is computed over
 * that JSON (verify-hmac.ts). Whenever it does not match, the entry is read again as its
 * columns and checked exactly as canonical.ts defines the bytes (`JSON.stringify` of the
 * values, `createHmac`): an entry SQLite writes otherwise than JavaScript (a character one
 * escapes and the other does not) costs a second read, never a wrong verdict. An entry the
 * fast path accepts is the one the writer MACed: equal MACs mean equal bytes, and
 * `json_array` writes distinct column values as distinct JSON.
 */
import Database from 'better-sqlite3';
import { createHmac } from 'node:crypto';
import { hmacKey } from '../crypto/hmac-key.ts';
import { chainHasher, type ChainHasher } from './verify-hmac.ts';
import {
  checkChainRange,
  PROGRESS_EVERY,
  RAW_AUDIT_COLUMNS,
  RAW_READ_CHUNK,
  type KeyFor,
  type RangeOutcome,
  type RawAuditRow,
} from './verify-audit.ts';
import { GENESIS_MAC } from './canonical.ts';

/** An entry as the fast path reads it: seq, key id, canonical JSON, MAC as lowercase hex. */
type JsonRow = [seq: number, keyId: string, canonical: string, macHex: string];

const JSON_COLUMNS = `seq, key_id, json_array(${RAW_AUDIT_COLUMNS.replace(', mac', '')}), lower(hex(mac))`;

export interface StoredRange {
  from: number;
  to: number;
  /** The anchored MACs within the range, hex. */
  anchored: ReadonlyMap<number, string>;
}

/**
 * Checks entries from..to of the database's trail, from the MAC stored for the entry before
 * `from`; the first entry that does not hold is reported as checkChainRange reports it. One
 * read transaction: the MAC before the range and the range's entries come from one snapshot,
 * however long the check takes.
 */
export function checkStoredRange(
  db: Database.Database,
  range: StoredRange,
  keyFor: KeyFor,
  onProgress: (checked: number) => void = () => undefined,
  progressEvery = PROGRESS_EVERY,
): RangeOutcome {
  return db.transaction((): RangeOutcome => {
    let previous: Buffer = GENESIS_MAC;
    if (range.from > 1) {
      const before = db
        .prepare<[number], Buffer>('SELECT mac FROM audit_log WHERE seq = ?')
        .pluck()
        .get(range.from - 1);
      // Gone: the range before reports it, at that entry or earlier.
      if (before === undefined)
        return { bad: { status: 'missing', seq: range.from - 1 }, checked: 0 };
      previous = before;
    }
    try {
      return checkJsonRows(db, range, previous, keyFor, onProgress, progressEvery);
    } catch (error) {
      if (!(error instanceof Database.SqliteError)) throw error;
      // A column SQLite's JSON cannot hold (a BLOB, where the schema was changed to allow
      // one): the whole range read as columns, which reports the entry.
      return checkChainRange(
        rawRowsInChunks(db, range.from, range.to),
        { from: range.from, to: range.to, previous },
        range.anchored,
        keyFor,
        onProgress,
        progressEvery,
      );
    }
  })();
}

function firstChunk(db: Database.Database, range: StoredRange): JsonRow[] {
  const order = `ORDER BY seq LIMIT ${RAW_READ_CHUNK}`;
  // From entry 1, whatever sorts before it too: a chain must start at 1.
  return range.from > 1
    ? db
        .prepare<[number, number], JsonRow>(
          `SELECT ${JSON_COLUMNS} FROM audit_log WHERE seq >= ? AND seq <= ? ${order}`,
        )
        .raw()
        .all(range.from, range.to)
    : db
        .prepare<[number], JsonRow>(`SELECT ${JSON_COLUMNS} FROM audit_log WHERE seq <= ? ${order}`)
        .raw()
        .all(range.to);
}

function checkJsonRows(
  db: Database.Database,
  range: StoredRange,
  previousMac: Buffer,
  keyFor: KeyFor,
  onProgress: (checked: number) => void,
  progressEvery: number,
): RangeOutcome {
  const next = db
    .prepare<[number, number], JsonRow>(
      `SELECT ${JSON_COLUMNS} FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ${RAW_READ_CHUNK}`,
    )
    .raw();
  const columns = db
    .prepare<[number], RawAuditRow>(`SELECT ${RAW_AUDIT_COLUMNS} FROM audit_log WHERE seq = ?`)
    .raw();
  let previousHex = previousMac.toString('hex');
  let expectedSeq = range.from;
  let keyId: string | undefined;
  let hasher: ChainHasher | undefined;
  let secret: Uint8Array | undefined;
  const outcome = (bad: RangeOutcome['bad']): RangeOutcome => ({
    bad,
    checked: expectedSeq - range.from,
  });
  let rows = firstChunk(db, range);
  while (rows.length > 0) {
    for (const row of rows) {
      const seq = row[0];
      if (seq !== expectedSeq) return outcome({ status: 'missing', seq: expectedSeq });
      if (row[1] !== keyId) {
        const key = keyFor(row[1]);
        if (!key) return outcome({ status: seq === 1 ? 'wrong-key' : 'altered', seq });
        keyId = row[1];
        secret = key.secret;
        hasher = chainHasher(key.secret);
      }
      const stored = row[3];
      if (previousHex.length !== 64 || hasher!.macHex(previousHex, row[2]) !== stored) {
        // The bytes as canonical.ts defines them, from the entry's columns.
        const values = columns.get(seq);
        const mac = values?.pop();
        if (
          !values ||
          !Buffer.isBuffer(mac) ||
          !createHmac('sha256', hmacKey(secret!))
            .update(Buffer.from(previousHex, 'hex'))
            .update(JSON.stringify(values))
            .digest()
            .equals(mac)
        )
          return outcome({ status: 'altered', seq });
      }
      const checkpoint = range.anchored.get(seq);
      if (checkpoint !== undefined && checkpoint !== stored)
        return outcome({ status: 'altered', seq });
      previousHex = stored;
      expectedSeq++;
      if (seq % progressEvery === 0) onProgress(expectedSeq - range.from);
    }
    if (rows.length < RAW_READ_CHUNK) break;
    rows = next.all(expectedSeq - 1, range.to);
  }
  if (expectedSeq <= range.to) return outcome({ status: 'missing', seq: expectedSeq });
  return outcome(null);
}

/** Entries from..to in seq order, as raw rows (the columns and the MAC), a chunk at a time. */
export function* rawRowsInChunks(
  db: Database.Database,
  from: number,
  to: number,
): Generator<RawAuditRow> {
  const order = `ORDER BY seq LIMIT ${RAW_READ_CHUNK}`;
  const first =
    from > 1
      ? db
          .prepare<[number, number], RawAuditRow>(
            `SELECT ${RAW_AUDIT_COLUMNS} FROM audit_log WHERE seq >= ? AND seq <= ? ${order}`,
          )
          .raw()
          .all(from, to)
      : db
          .prepare<[number], RawAuditRow>(
            `SELECT ${RAW_AUDIT_COLUMNS} FROM audit_log WHERE seq <= ? ${order}`,
          )
          .raw()
          .all(to);
  const next = db
    .prepare<[number, number], RawAuditRow>(
      `SELECT ${RAW_AUDIT_COLUMNS} FROM audit_log WHERE seq > ? AND seq <= ? ${order}`,
    )
    .raw();
  let rows = first;
  while (rows.length > 0) {
    // The last seq is read before the rows are handed on (the check takes each row's MAC off).
    const last = rows.at(-1)![0];
    yield* rows;
    if (rows.length < RAW_READ_CHUNK) return;
    rows = next.all(last, to);
  }
}

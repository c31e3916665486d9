/**
 * The audit trail as the app writes it: entries appended inside the transaction of the
 * action they record (one commit for both), chained with the audit key, and checkpoints
 * anchored outside the database once a command has committed — at most MAX_ANCHOR_LAG
 * entries behind, and at clean shutdown.
 */
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import { endReadScope } from '../db/read-scope.ts';
import { trailBehindCollector } from '../syslog/collector-position.ts';
import { schemaDifferences } from '../db/schema-check.ts';
import {
  installRowMac,
  sealedRowHolds,
  type SealedRow,
  type SealedTable,
} from '../db/sealed-rows.ts';
import { rowKeysOf } from '../keys/row-mac.ts';
import { recordSealsFrom } from '../acs/seals-from.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { anchorTailProblem } from './anchor-tail.ts';
import type { AuditAppend, AuditEntryInput } from './audit-append.ts';
import { fileAnchor, nextCheckpoint, type AuditAnchor } from './checkpoint-anchor.ts';
import { canonicalJson, chainMac, GENESIS_MAC, type StoredAuditEntry } from './canonical.ts';
import { storedEntryCheck } from './stored-entry-check.ts';
import { requestOrigin } from './request-origin.ts';

/** A checkpoint is anchored once this many entries are unanchored: the most a cut tail can hide. */
export const MAX_ANCHOR_LAG = 20;

export interface AuditTrail extends AuditAppend {
  /** Runs a command in one immediate transaction; anchors a checkpoint after it commits if due. */
  transact<T>(command: () => T): T;
  /**
   * Runs `then` once the outermost transact now running has committed (never when it rolls
   * back): for what must be written outside the database only after what it names is there
   * (the gateway head in the key store). An error it throws is thrown by that transact, after
   * the commit and after every other such step ran.
   */
  afterCommit(then: () => void): void;
  /** Anchors the last committed entry now (clean shutdown, desk-admin). */
  anchorNow(): void;
  /**
   * Refuses (AuditIntegrityError) when the anchor file's last line cannot be built upon: cut
   * back, edited, or not the key store's newest. The console calls it when it opens.
   */
  checkAnchors(): void;
  /**
   * Whether a sealed row (migration 007) as read still matches its MAC: the trail holds the
   * keys that seal rows, so it is also what checks them. A row that does not is never used.
   */
  rowHolds(table: SealedTable, row: SealedRow): boolean;
  /**
   * Whether the trail holds an entry of this action about this subject whose MAC verifies
   * against the entry before it: what the trail says happened, and a writer without the keys
   * cannot add such an entry.
   */
  entryHolds(action: string, subjectId: string): boolean;
  /**
   * Whether one entry as read (SELECT * FROM audit_log) holds: its MAC verifies against the
   * entry before it. For a decision that needs the entry itself (its time, its details), read
   * by the store that makes it.
   */
  storedEntryHolds(entry: StoredAuditEntry & { mac: Buffer | null }): boolean;
}

export interface AuditTrailOptions {
  /** Stamps checkpoints; the router's clock. */
  clock: Clock;
  maxLag?: number;
  /** Told when the key store could not record the newest checkpoint line. */
  onHeadError?: (error: unknown) => void;
  /** The origin of the entries the trail writes of itself (a cut it found); "desk-admin" if none. */
  origin?: string;
}

/**
 * The trail cannot be written safely any more: its anchors were cut or edited, or the schema
 * changed under a running console. Every later write is refused with the same words.
 */
export class AuditIntegrityError extends Error {
  override readonly name = 'AuditIntegrityError';
}

/**
 * An entry this console wrote is gone from the trail, or changed: the trail was cut or edited
 * behind it. The write that found it is refused (a decision may have been read from the cut
 * trail); the trail is marked broken in the key store and the lead alerted, and later writes
 * go on under the mark (which keeps agents out and stops every reset).
 */
export class TrailCutError extends AuditIntegrityError {
  override readonly name = 'AuditIntegrityError';
}

/** The trail writing on each connection: what sealedWrite finds a connection's gate through. */
const trailOf = new WeakMap<Db, AuditTrail>();

/**
 * A write of sealed rows that records nothing in the trail itself (the embedded ACS clearing a
 * lock): run through the connection's trail, so in one transaction that checked the schema first
 * (the seal functions answer only there). A connection without a trail cannot seal anyway.
 */
export function sealedWrite<T>(db: Db, write: () => T): T {
  const trail = trailOf.get(db);
  if (!trail)
    throw new Error('Sealed rows are written through the audit trail of this connection.');
  return trail.transact(write);
}

export function createAuditTrail(
  db: Db,
  keys: KeyProvider,
  anchor: AuditAnchor | string,
  options: AuditTrailOptions,
): AuditTrail {
  const maxLag = options.maxLag ?? MAX_ANCHOR_LAG;
  // Whoever appends to the trail holds the keys, and so seals the rows it writes (migration 007).
  const rowMacGate = installRowMac(db, keys);
  const rowKeys = rowKeysOf(keys);
  const sink = typeof anchor === 'string' ? fileAnchor(anchor) : anchor;
  const last = db.prepare<[], { seq: number; mac: Buffer }>(
    'SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1',
  );
  const insert = db.prepare(
    `INSERT INTO audit_log (seq, at, operator_id, username, origin, action, subject_type, subject_id, result, details, key_id, mac)
     VALUES (@seq, @at, @operator_id, @username, @origin, @action, @subject_type, @subject_id, @result, @details, @key_id, @mac)`,
  );
  const entryMac = db.prepare<[number], { mac: Buffer }>('SELECT mac FROM audit_log WHERE seq = ?');
  const entriesAbout = db.prepare<[string, string], StoredAuditEntry & { mac: Buffer }>(
    `SELECT * FROM audit_log WHERE action = ? AND subject_id = ? ORDER BY seq DESC`,
  );
  const storedEntryHolds = storedEntryCheck(db, keys);
  const alertedFor = db.prepare<[number], 1>(
    `SELECT 1 FROM audit_log WHERE action = 'alert.altered-row'
       AND json_extract(details, '$.table') = 'audit_log' AND json_extract(details, '$.seq') = ?`,
  );
  function entryHolds(action: string, subjectId: string): boolean {
    return entriesAbout.all(action, subjectId).some(storedEntryHolds);
  }
  let lastAnchored = sink.last()?.seq ?? 0;
  let broken: string | null = null;

  const refuse = (problem: string): never => {
    broken ??= problem;
    throw new AuditIntegrityError(
      `Verify Desk stopped writing: ${broken}. Nothing more is recorded until an admin has run "desk-admin audit verify" and restored the database from a backup.`,
    );
  };

  /**
   * The schema as checked at open, re-checked whenever SQLite's schema cookie moves. A trigger
   * added while a console runs would fire inside the console's own writes, where the row MAC
   * functions hold the keys, and seal whatever it wrote; so a write never runs on a schema
   * the migrations did not make. ANALYZE moves the cookie too, and passes the check.
   */
  // Prepared once: db.pragma() prepares its statement again at every call, and this runs at
  // every commit.
  const schemaVersionQuery = db.prepare<[], number>('PRAGMA schema_version').pluck();
  const schemaVersion = () => schemaVersionQuery.get()!;
  let trustedSchema = schemaVersion();
  function refuseChangedSchema(): void {
    const now = schemaVersion();
    if (now === trustedSchema) return;
    const differences = schemaDifferences(db);
    if (differences.length > 0)
      refuse(`the database schema changed while it was open (${differences.join('; ')})`);
    trustedSchema = now;
  }

  /** The anchor file's last line, checked before anything is chained onto it. */
  function trustedLastLine() {
    const previous = sink.last();
    let head = null;
    try {
      head = keys.anchorHead?.read() ?? null;
    } catch (error) {
      options.onHeadError?.(error);
    }
    const problem = anchorTailProblem({
      last: previous,
      readAll: () => sink.readAll(),
      head,
      keys,
      entryMac: (seq) => entryMac.get(seq)?.mac,
    });
    if (problem) refuse(problem);
    return previous;
  }

  /**
   * The last entry appended in the transaction now running (null: none yet): under the write
   * lock it is the trail's head when the transaction commits, so the anchor's lag is known
   * without reading the head again.
   */
  let appendedSeq: number | null = null;
  let appendedMac: Buffer | null = null;
  /**
   * The newest entry this process has committed. The trail only grows, so a trail that no
   * longer holds it as written was cut or edited since — within seconds, before any watch
   * looked or any checkpoint was anchored (the newest entries are anchored MAX_ANCHOR_LAG at a
   * time). The limits are counted from those newest entries, so such a cut would give back
   * the guesses it removed: the next write refuses, and the trail is marked broken.
   */
  let written: { seq: number; mac: Buffer } | null = null;
  let cutFound: { seq: number; foundAt: string; problem: string } | null = null;
  function refuseCutBelowWritten(): void {
    if (!written) return;
    const stored = entryMac.get(written.seq)?.mac;
    if (stored && stored.equals(written.mac)) return;
    const seq = written.seq;
    const problem = `entry ${seq}, which this console wrote, is ${stored ? 'changed' : 'gone'}: the trail was cut or edited`;
    // Found once: from here the key store's mark speaks for it.
    written = null;
    const found = { seq, foundAt: options.clock.now().toISOString(), problem };
    try {
      const before = keys.trailBreak?.read() ?? null;
      keys.trailBreak?.mark(found);
      // Said once: a break already recorded at or before it whose alert is in the trail (the
      // trail watch's) is not alerted again. A decision's own alert may have been in the write
      // this refuses.
      const said =
        before !== null &&
        before.restoredAt === undefined &&
        before.seq <= seq &&
        alertedFor.get(before.seq) !== undefined;
      if (!said) cutFound = found;
    } catch (error) {
      cutFound = found;
      options.onHeadError?.(error);
    }
    throw new TrailCutError(`Verify Desk refused this write: ${problem}.`);
  }
  /** The lead's alert for a cut this console found, in a transaction of its own. */
  function alertCut(): void {
    const found = cutFound;
    cutFound = null;
    if (!found) return;
    try {
      trail.transact(() =>
        append({
          at: options.clock.now(),
          operatorId: null,
          username: null,
          origin: options.origin ?? 'desk-admin',
          action: 'alert.altered-row',
          subjectType: 'database',
          subjectId: null,
          result: 'alert',
          details: { table: 'audit_log', ...found },
        }),
      );
    } catch (error) {
      options.onHeadError?.(error);
    }
  }
  function append(entry: AuditEntryInput): void {
    if (!db.inTransaction)
      throw new Error('Audit entries are appended inside the transaction of their action.');
    // Read inside the transaction: another process may have appended since our last entry.
    const previous = last.get();
    const key = keys.current('audit');
    const stored: StoredAuditEntry = {
      seq: (previous?.seq ?? 0) + 1,
      at: entry.at.toISOString(),
      operator_id: entry.operatorId,
      username: entry.username,
      origin: requestOrigin(entry.origin),
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      result: entry.result,
      details: canonicalJson(entry.details),
      key_id: key.id,
    };
    const mac = chainMac(key.secret, previous?.mac ?? GENESIS_MAC, stored);
    insert.run({ ...stored, mac });
    appendedSeq = stored.seq;
    appendedMac = mac;
  }

  /** transact calls now running (a command may transact inside another), and their after-commit steps. */
  let depth = 0;
  const committed: (() => void)[] = [];

  function anchorNow(): void {
    // Under the database's write lock, so two consoles on one database never write two
    // lines with the same number: the anchor chain stays one chain.
    if (broken) refuse(broken);
    endReadScope(db);
    db.transaction(() => {
      const head = last.get();
      const previous = trustedLastLine();
      lastAnchored = previous?.seq ?? 0;
      if (!head || head.seq <= lastAnchored) return;
      const line = nextCheckpoint(keys.current('audit'), previous, {
        seq: head.seq,
        mac: head.mac.toString('hex'),
        at: options.clock.now().toISOString(),
      });
      sink.append(line);
      lastAnchored = head.seq;
      recordHead(line);
    }).immediate();
  }

  /**
   * The newest line also goes to the key store, where a database writer cannot roll it
   * back. A key store that cannot be written now (a locked keychain) leaves the older head:
   * verification still holds up to it, so the command that committed is not failed for it.
   */
  function recordHead(line: { n: number; seq: number; anchorMac: string }): void {
    try {
      keys.anchorHead?.write({ n: line.n, seq: line.seq, anchorMac: line.anchorMac });
    } catch (error) {
      options.onHeadError?.(error);
    }
  }

  /**
   * Once per trail, at its first write: a trail that ends before what the central log server
   * already holds lost entries (collector-position.ts). desk-admin's writers check it here,
   * so that writing past the mark cannot hide the cut.
   */
  let collectorChecked = false;
  function refuseBehindCollector(): void {
    if (collectorChecked) return;
    const behind = trailBehindCollector(db, keys);
    if (behind) refuse(behind);
    collectorChecked = true;
  }

  const trail: AuditTrail = {
    append,
    transact(command) {
      if (broken) refuse(broken);
      // A write never joins a lookup's read transaction (read-scope.ts): it begins its own.
      endReadScope(db);
      if (depth === 0) appendedSeq = null;
      depth += 1;
      let result;
      try {
        result = db
          .transaction(() => {
            refuseChangedSchema();
            refuseBehindCollector();
            refuseCutBelowWritten();
            // The seal functions answer only now: the schema was checked in this transaction.
            return rowMacGate.open(command);
          })
          .immediate();
      } catch (error) {
        if (depth === 1) committed.length = 0;
        throw error;
      } finally {
        depth -= 1;
        if (depth === 0) alertCut();
      }
      if (depth > 0) return result;
      const steps = committed.splice(0);
      if (appendedSeq !== null && appendedMac) written = { seq: appendedSeq, mac: appendedMac };
      const headSeq = appendedSeq ?? last.get()?.seq;
      appendedSeq = null;
      appendedMac = null;
      if (headSeq !== undefined && headSeq - lastAnchored >= maxLag) anchorNow();
      let failed: { error: unknown } | null = null;
      for (const step of steps) {
        try {
          step();
        } catch (error) {
          failed ??= { error };
        }
      }
      if (failed) throw failed.error;
      return result;
    },
    afterCommit(then) {
      if (depth === 0) throw new Error('afterCommit is called inside transact.');
      committed.push(then);
    },
    anchorNow,
    checkAnchors: () => {
      endReadScope(db);
      db.transaction(trustedLastLine).immediate();
    },
    rowHolds: (table, row) => sealedRowHolds(rowKeys, table, row),
    entryHolds,
    storedEntryHolds,
  };
  trailOf.set(db, trail);
  // The process that has just migrated an upgraded database vouches for seals_from, once.
  recordSealsFrom(db, trail, options.clock);
  return trail;
}

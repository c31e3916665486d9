/**
 * The audit trail as the app writes it: entries appended inside the transaction of the
 * action they record (one commit for both), chained with the audit key, and checkpoints
 * anchored outside the database once a command has committed — at most MAX_ANCHOR_LAG
 * entries behind, and at clean shutdown.
 */
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import type { AuditAppend, AuditEntryInput } from './audit-append.ts';
import { anchorMacOf, fileAnchor, type AuditAnchor } from './checkpoint-anchor.ts';
import { canonicalJson, chainMac, GENESIS_MAC, type StoredAuditEntry } from './canonical.ts';

/** A checkpoint is anchored once this many entries are unanchored: the most a cut tail can hide. */
export const MAX_ANCHOR_LAG = 20;

export interface AuditTrail extends AuditAppend {
  /** Runs a command in one immediate transaction; anchors a checkpoint after it commits if due. */
  transact<T>(command: () => T): T;
  /** Anchors the last committed entry now (clean shutdown, desk-admin). */
  anchorNow(): void;
}

export interface AuditTrailOptions {
  /** Stamps checkpoints; the router's clock. */
  clock: Clock;
  maxLag?: number;
}

export function createAuditTrail(
  db: Db,
  keys: KeyProvider,
  anchor: AuditAnchor | string,
  options: AuditTrailOptions,
): AuditTrail {
  const maxLag = options.maxLag ?? MAX_ANCHOR_LAG;
  const sink = typeof anchor === 'string' ? fileAnchor(anchor) : anchor;
  const last = db.prepare<[], { seq: number; mac: Buffer }>(
    'SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1',
  );
  const insert = db.prepare(
    `INSERT INTO audit_log (seq, at, operator_id, username, origin, action, subject_type, subject_id, result, details, key_id, mac)
     VALUES (@seq, @at, @operator_id, @username, @origin, @action, @subject_type, @subject_id, @result, @details, @key_id, @mac)`,
  );
  let lastAnchored = sink.readAll().at(-1)?.seq ?? 0;

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
      origin: entry.origin,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      result: entry.result,
      details: canonicalJson(entry.details),
      key_id: key.id,
    };
    insert.run({ ...stored, mac: chainMac(key.secret, previous?.mac ?? GENESIS_MAC, stored) });
  }

  function anchorNow(): void {
    const head = last.get();
    if (!head || head.seq <= lastAnchored) return;
    const key = keys.current('audit');
    const checkpoint = {
      seq: head.seq,
      mac: head.mac.toString('hex'),
      at: options.clock.now().toISOString(),
      keyId: key.id,
    };
    sink.append({ ...checkpoint, anchorMac: anchorMacOf(key, checkpoint) });
    lastAnchored = head.seq;
  }

  return {
    append,
    transact(command) {
      const result = db.transaction(command).immediate();
      const head = last.get();
      if (head && head.seq - lastAnchored >= maxLag) anchorNow();
      return result;
    },
    anchorNow,
  };
}

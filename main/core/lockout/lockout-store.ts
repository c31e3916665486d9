/**
 * Resets as commands. Recording one writes the reset, its audit entry and its outbox row in
 * one immediate transaction; a lock (card + the lock's start) has one live reset at a time, so
 * two consoles pressing at once — or one double click — record one reset, and the other learns
 * the lock is already being reset. Only once that reset ended refused or expired (nothing was
 * cleared) may the lock be reset again: the next attempt, with a key of its own. The outbox row carries the idempotency key the ACS
 * gateway sees on every attempt, and its state: pending → applied, or failed with retry.
 */
import { randomBytes } from 'node:crypto';
import type {
  LockCause,
  OutboxState,
  ResetReason,
  ResetState,
} from '../../../shared/lockout/lockout-codes.ts';
import {
  RESET_WITHHELD_FOR_FRAUD,
  RESET_WITHHELD_REQUESTER_DISABLED,
} from '../../../shared/lockout/lockout-codes.ts';
import type { Actor } from '../actor.ts';
import { appendRefusal, auditActor, type AuditEntryInput } from '../audit/audit-append.ts';
import type { StoredAuditEntry } from '../audit/canonical.ts';
import type { StoreEdges } from '../edges.ts';
import { vouchedVerifiedAt } from '../verification/verification-store.ts';

export interface ResetRecord {
  id: number;
  publicId: string;
  cardId: number;
  lockSince: Date;
  requestedAt: Date;
  requestedBy: string;
  /** The operator who asked for it (the agent, also when a lead approved it). */
  requestedById: number;
  reason: ResetReason;
  state: ResetState;
  appliedAt: Date | null;
  idempotencyKey: string;
  attempts: number;
  lastError: string | null;
  /** The cause of the lock it was decided on; null for a reset recorded before it was kept. */
  lockCause: LockCause | null;
  /** Where its delivery stands (refused and expired are final, like applied). */
  outboxState: OutboxState;
  /**
   * It ended refused or expired (nothing cleared), as the audit trail's own entry says: the
   * outbox is not sealed, so its state alone never frees the lock for another reset.
   */
  endedUncleared: boolean;
  /** Its number on its lock: 1, or more after earlier resets of the lock ended refused or expired. */
  attempt: number;
}

/** Who sends a reset: an operator's console, or the relay (no operator). */
export interface Sender {
  operatorId: number | null;
  username: string | null;
  origin: string;
  at: Date;
}

/** What one delivery took: for the audit entry. */
export interface Delivery {
  latencyMs?: number;
  /** The ACS's answer class: applied, already-unlocked, refused, lock-changed, or the failure kind. */
  answer?: string;
}

/** A reset asked for: by whom, on which lock, in which call, why. A request for approval too. */
export interface ResetCommand extends Actor {
  cardId: number;
  cardPublicId: string;
  callId: number;
  callPublicId: string;
  lockSince: Date;
  lockCause: LockCause;
  reason: ResetReason;
  note: string;
}

export interface RecordResetCommand extends ResetCommand {
  /** Set when a lead approved the reset: the agent who asked is the one who requested it. */
  approval?: { id: number; publicId: string; requestedBy: number };
  /** The sender about to send it holds it until then (the relay leaves it alone meanwhile). */
  claimUntil?: Date;
}

export interface LockoutStore {
  /** The reset, or null when this lock already has one (nothing written). */
  record(cmd: RecordResetCommand): ResetRecord | null;
  /** As record(), inside a transaction the caller already holds (an approval). */
  recordWithin(cmd: RecordResetCommand): ResetRecord | null;
  /**
   * The gateway's answer, with its audit entry — only while the reset is still open (pending
   * or failed): a second answer to one reset (the relay and a console both sent it; the key
   * made that harmless) changes nothing and writes nothing.
   */
  markApplied(
    cmd: Sender & { reset: ResetRecord; outcome: 'applied' | 'already-unlocked' } & Delivery,
  ): ResetRecord;
  /** Not delivered (no answer, a 5xx, an open circuit…): tried again from `retryAt`. */
  markFailed(
    cmd: Sender & { reset: ResetRecord; error: string; retryAt?: Date } & Delivery,
  ): ResetRecord;
  /** The ACS decided not to clear it (its reason, or lock-changed): final, audited. */
  markRefused(cmd: Sender & { reset: ResetRecord; reason: string } & Delivery): ResetRecord;
  /**
   * Suspected fraud on the card when it was about to be sent: final, never sent; audited as a
   * reset refused for fraud (which alerts the lead).
   */
  markFraudRefused(cmd: Sender & { reset: ResetRecord }): ResetRecord;
  /**
   * The operator who asked for it was disabled (or their account found altered) when it was
   * about to be sent: final, never sent; audited as a reset refused (refusal
   * "requester-disabled"). The lock is free for a fresh decision by someone who may act.
   */
  markRequesterRefused(cmd: Sender & { reset: ResetRecord }): ResetRecord;
  /** Queued past the caller's verification: final, never sent; audited and the lead alerted. */
  markExpired(cmd: Sender & { reset: ResetRecord; verifiedUntil: Date }): ResetRecord;
  /** Holds an open reset for its sender until `until`: the relay leaves it alone meanwhile. */
  claim(resetId: number, until: Date): void;
  /** Open resets due for a send at `now`, oldest first. */
  due(now: Date, limit: number): ResetRecord[];
  /**
   * Resets whose outbox row says they ended (applied, refused, expired) without the sealed row
   * or a verifying audit entry saying so — an end state forged in the file, which would stop the
   * relay sending them: reopened (sent again; the idempotency key keeps that harmless), each
   * with the lead's alert. `genuine` remembers the ends that held, so each is checked once per
   * process. Returns the reopened resets' public ids.
   */
  reopenForgedEnds(sender: Sender, genuine: Set<number>): string[];
  /**
   * When the caller was verified for this reset, as the audit trail vouches for it: the newest
   * caller.verify success of the reset's call at or before the reset's own lockout.reset entry
   * (both must hold). Null when the trail vouches for none: such a reset is never sent.
   */
  verifiedAt(reset: ResetRecord): Date | null;
  /**
   * How the trail says the reset ended without clearing (refused, expired), whatever its
   * outbox row (not sealed) says now; null when it did not.
   */
  endedInTrail(reset: ResetRecord): 'refused' | 'expired' | null;
  /**
   * An outbox row opened again in the file after its reset ended: put back as the trail says
   * it ended, nothing sent, and a lead alerted (altered-row, reset_outbox).
   */
  restoreEnded(cmd: Sender & { reset: ResetRecord; ended: 'refused' | 'expired' }): ResetRecord;
  /** The card's latest reset, or null. */
  latest(cardId: number): ResetRecord | null;
  /** A refused reset or retry, written to the audit trail (PCI DSS 10.2: failed attempts too). */
  refused(cmd: Actor & { cardPublicId: string; callPublicId: string; refusal: string }): void;
}

interface ResetRow {
  id: number;
  public_id: string;
  card_id: number;
  lock_since: string;
  requested_at: string;
  requested_by: string;
  requested_by_id: number;
  reason: ResetReason;
  state: ResetState;
  applied_at: string | null;
  idempotency_key: string;
  attempts: number;
  last_error: string | null;
  lock_cause: LockCause | null;
  outbox_state: OutboxState;
  attempt: number;
}

const toRecordWith =
  (endedUncleared: (row: EndRow) => boolean) =>
  (row: ResetRow): ResetRecord => ({
    id: row.id,
    publicId: row.public_id,
    cardId: row.card_id,
    lockSince: new Date(row.lock_since),
    requestedAt: new Date(row.requested_at),
    requestedBy: row.requested_by,
    requestedById: row.requested_by_id,
    reason: row.reason,
    state: row.state,
    appliedAt: row.applied_at ? new Date(row.applied_at) : null,
    idempotencyKey: row.idempotency_key,
    attempts: row.attempts,
    lastError: row.last_error,
    lockCause: row.lock_cause,
    outboxState: row.outbox_state,
    endedUncleared: endedUncleared(row),
    attempt: row.attempt,
  });

/**
 * The key the ACS sees for every delivery of one reset: the card and the lock it was decided on
 * (its start and cause) — and, for a later reset of a lock whose earlier one ended refused or
 * expired, its number (the ACS answers a key with its first answer, so a new decision needs a
 * new key).
 */
export function resetIdempotencyKey(
  cardPublicId: string,
  lockSince: Date,
  lockCause: LockCause,
  attempt = 1,
): string {
  const key = `reset:${cardPublicId}:${lockSince.toISOString()}:${lockCause}`;
  return attempt === 1 ? key : `${key}:${attempt}`;
}

/**
 * A reset that ended so (nothing cleared) leaves its lock free to be reset again — once the
 * audit trail holds the entry that ended it (the outbox row alone is not sealed).
 */
const ENDED_UNCLEARED = {
  refused: 'lockout.reset-acs-refused',
  expired: 'lockout.reset-expired',
} as const satisfies Partial<Record<OutboxState, string>>;

/**
 * The entry of a reset the console refused before sending it: for fraud (markFraudRefused), or
 * its requester disabled (markRequesterRefused).
 */
const WITHHELD = 'lockout.reset-refused';

interface EndRow {
  public_id: string;
  state: ResetState;
  outbox_state: OutboxState;
}

export function createLockoutStore({ db, audit }: StoreEdges): LockoutStore {
  // Whether the trail says a reset ended this way: an entry of that action about it, whether its
  // MAC holds or fails — a failing one is read the strictest way (ended), never passed over.
  const anyEntry = db.prepare<[string, string], { seq: number }>(
    'SELECT seq FROM audit_log WHERE action = ? AND subject_id = ? LIMIT 1',
  );
  const endedBy = (action: string, publicId: string): boolean =>
    anyEntry.get(action, publicId) !== undefined;
  const endedUncleared = (row: EndRow): boolean => {
    if (row.state === 'applied') return false;
    const action = (ENDED_UNCLEARED as Partial<Record<OutboxState, string>>)[row.outbox_state];
    if (action !== undefined && endedBy(action, row.public_id)) return true;
    // Refused by the console itself before it was sent (markFraudRefused, markRequesterRefused).
    return row.outbox_state === 'refused' && endedBy(WITHHELD, row.public_id);
  };
  const toRecord = toRecordWith(endedUncleared);
  const select = `
    SELECT r.id, r.public_id, r.card_id, r.lock_since, r.requested_at, o.username AS requested_by,
           r.requested_by AS requested_by_id,
           r.reason, r.state, r.applied_at, x.idempotency_key, x.attempts, x.last_error,
           coalesce(r.lock_cause, x.lock_cause) AS lock_cause, x.state AS outbox_state, r.attempt
    FROM resets r JOIN reset_outbox x ON x.reset_id = r.id JOIN operators o ON o.id = r.requested_by`;
  const lastOfLock = db.prepare<[number, string], EndRow & { attempt: number }>(
    `SELECT r.attempt, r.public_id, r.state, x.state AS outbox_state FROM resets r JOIN reset_outbox x ON x.reset_id = r.id
     WHERE r.card_id = ? AND r.lock_since = ? ORDER BY r.attempt DESC LIMIT 1`,
  );
  const byId = db.prepare<[number], ResetRow>(`${select} WHERE r.id = ?`);
  // A card with no reset at all (most) is answered from the resets' index alone, without
  // opening the outbox and the operators (latest()).
  const anyOf = db
    .prepare<[number], number>('SELECT 1 FROM resets WHERE card_id = ? LIMIT 1')
    .pluck();
  const latestOf = db.prepare<[number], ResetRow>(
    `${select} WHERE r.card_id = ? ORDER BY r.requested_at DESC, r.id DESC LIMIT 1`,
  );
  const insertReset = db.prepare<
    [
      string,
      number,
      number,
      string,
      number,
      number | null,
      string,
      string,
      string,
      number,
      LockCause,
    ]
  >(`INSERT INTO resets (public_id, card_id, call_id, lock_since, requested_by, approval_id,
                         requested_at, reason, note, attempt, lock_cause)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertOutbox = db.prepare<[number, string, LockCause, string, string, string | null]>(
    `INSERT INTO reset_outbox (reset_id, idempotency_key, lock_cause, created_at, updated_at,
                               next_attempt_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const isOpen = "state IN ('pending', 'failed')";
  const outboxSettle = db.prepare<[string, string | null, string, number]>(
    `UPDATE reset_outbox SET state = ?, attempts = attempts + 1, last_error = ?,
                             updated_at = ?, next_attempt_at = NULL
     WHERE reset_id = ? AND ${isOpen}`,
  );
  const outboxFailed = db.prepare<[string, string, string | null, number]>(
    `UPDATE reset_outbox SET state = 'failed', attempts = attempts + 1, last_error = ?,
                             updated_at = ?, next_attempt_at = ?
     WHERE reset_id = ? AND ${isOpen}`,
  );
  const outboxExpired = db.prepare<[string, number]>(
    `UPDATE reset_outbox SET state = 'expired', updated_at = ?, next_attempt_at = NULL
     WHERE reset_id = ? AND ${isOpen}`,
  );
  const outboxClaim = db.prepare<[string, number]>(
    `UPDATE reset_outbox SET next_attempt_at = ? WHERE reset_id = ? AND ${isOpen}`,
  );
  const dueRows = db.prepare<[string, number], ResetRow>(
    `${select} WHERE x.${isOpen} AND (x.next_attempt_at IS NULL OR x.next_attempt_at <= ?)
     /* plan: scans reset_outbox (its open rows only: the partial index reset_outbox_due) */
     ORDER BY x.created_at, x.id LIMIT ?`,
  );
  // Ended in the outbox but not applied in the sealed row: refused or expired (each must have
  // its verifying entry), or an 'applied' the sealed row does not say (forged outright).
  const endedRows = db.prepare<[], EndRow & { id: number }>(
    `SELECT r.id, r.public_id, r.state, x.state AS outbox_state
     FROM resets r CROSS JOIN reset_outbox x ON x.reset_id = r.id
     WHERE r.state <> 'applied' AND x.state NOT IN ('pending', 'failed')
     /* plan: scans resets (those not applied only: the partial index resets_not_applied) */`,
  );
  const reopen = db.prepare<[string, number, OutboxState]>(
    `UPDATE reset_outbox SET state = 'failed', updated_at = ?, next_attempt_at = NULL
     WHERE reset_id = ? AND state = ?`,
  );
  const resetEntries = db.prepare<[number, string], StoredAuditEntry & { mac: Buffer | null }>(
    `SELECT * FROM audit_log
     WHERE subject_id = (SELECT public_id FROM cards WHERE id = ?) AND action = 'lockout.reset'
       AND result = 'success' AND json_extract(details, '$.resetId') = ?
     ORDER BY seq DESC`,
  );
  const verifiedInCall = vouchedVerifiedAt({ db, audit });
  const outboxEnded = db.prepare<[OutboxState, string, number]>(
    `UPDATE reset_outbox SET state = ?, updated_at = ?, next_attempt_at = NULL
     WHERE reset_id = ? AND ${isOpen}`,
  );
  const resetState = db.prepare<[ResetState, string | null, number]>(
    'UPDATE resets SET state = ?, applied_at = ? WHERE id = ?',
  );

  function recordWithin(cmd: RecordResetCommand): ResetRecord | null {
    const lockSince = cmd.lockSince.toISOString();
    // Read inside the immediate transaction: another console may have just reset this lock.
    const last = lastOfLock.get(cmd.cardId, lockSince);
    if (last && !endedUncleared(last)) return null;
    const attempt = (last?.attempt ?? 0) + 1;
    const publicId = `reset_${randomBytes(9).toString('base64url')}`;
    const at = cmd.at.toISOString();
    const { lastInsertRowid } = insertReset.run(
      publicId,
      cmd.cardId,
      cmd.callId,
      lockSince,
      cmd.approval?.requestedBy ?? cmd.operatorId,
      cmd.approval?.id ?? null,
      at,
      cmd.reason,
      cmd.note,
      attempt,
      cmd.lockCause,
    );
    const id = Number(lastInsertRowid);
    insertOutbox.run(
      id,
      resetIdempotencyKey(cmd.cardPublicId, cmd.lockSince, cmd.lockCause, attempt),
      cmd.lockCause,
      at,
      at,
      cmd.claimUntil?.toISOString() ?? null,
    );
    audit.append({
      ...auditActor(cmd),
      action: 'lockout.reset',
      subjectType: 'card',
      subjectId: cmd.cardPublicId,
      result: 'success',
      details: {
        resetId: publicId,
        callId: cmd.callPublicId,
        lockSince,
        lockCause: cmd.lockCause,
        reason: cmd.reason,
        noteLength: cmd.note.length,
        approvalId: cmd.approval?.publicId ?? null,
        ...(attempt > 1 ? { attempt } : {}),
      },
    });
    return toRecord(byId.get(id)!);
  }

  const senderOf = (cmd: Sender) => ({
    at: cmd.at,
    operatorId: cmd.operatorId,
    username: cmd.username,
    origin: cmd.origin,
  });
  const deliveryOf = (cmd: Delivery) => ({
    ...(cmd.answer === undefined ? {} : { answer: cmd.answer }),
    ...(cmd.latencyMs === undefined ? {} : { latencyMs: Math.round(cmd.latencyMs) }),
  });

  /**
   * One answer for an open reset: the outbox (and for applied and failed, the reset's own
   * state) moves on, with its audit entry — or nothing at all when the reset was no longer open.
   */
  function settle(
    cmd: Sender & { reset: ResetRecord },
    move: () => number,
    entry: Pick<AuditEntryInput, 'action' | 'result' | 'details'>,
    state: ResetState | null,
  ): ResetRecord {
    return audit.transact(() => {
      if (move() === 1) {
        if (state) {
          resetState.run(state, state === 'applied' ? cmd.at.toISOString() : null, cmd.reset.id);
        }
        audit.append({
          ...senderOf(cmd),
          ...entry,
          subjectType: 'reset',
          subjectId: cmd.reset.publicId,
        });
      }
      return toRecord(byId.get(cmd.reset.id)!);
    });
  }

  return {
    record: (cmd) => audit.transact(() => recordWithin(cmd)),
    recordWithin,
    markApplied: (cmd) =>
      settle(
        cmd,
        () => outboxSettle.run('applied', null, cmd.at.toISOString(), cmd.reset.id).changes,
        {
          action: 'lockout.reset-applied',
          result: 'success',
          details: {
            idempotencyKey: cmd.reset.idempotencyKey,
            acs: cmd.outcome,
            ...deliveryOf(cmd),
          },
        },
        'applied',
      ),
    markFailed: (cmd) =>
      settle(
        cmd,
        () =>
          outboxFailed.run(
            cmd.error,
            cmd.at.toISOString(),
            cmd.retryAt?.toISOString() ?? null,
            cmd.reset.id,
          ).changes,
        {
          action: 'lockout.reset-applied',
          result: 'failure',
          details: {
            idempotencyKey: cmd.reset.idempotencyKey,
            error: cmd.error,
            ...deliveryOf(cmd),
          },
        },
        'failed',
      ),
    markRefused: (cmd) =>
      settle(
        cmd,
        () => outboxSettle.run('refused', cmd.reason, cmd.at.toISOString(), cmd.reset.id).changes,
        {
          action: 'lockout.reset-acs-refused',
          result: 'refused',
          details: {
            idempotencyKey: cmd.reset.idempotencyKey,
            reason: cmd.reason,
            ...deliveryOf(cmd),
          },
        },
        null,
      ),
    markFraudRefused: (cmd) =>
      settle(
        cmd,
        () =>
          outboxSettle.run('refused', RESET_WITHHELD_FOR_FRAUD, cmd.at.toISOString(), cmd.reset.id)
            .changes,
        {
          action: WITHHELD,
          result: 'refused',
          details: { idempotencyKey: cmd.reset.idempotencyKey, refusal: 'fraud', sent: false },
        },
        null,
      ),
    markRequesterRefused: (cmd) =>
      settle(
        cmd,
        () =>
          outboxSettle.run(
            'refused',
            RESET_WITHHELD_REQUESTER_DISABLED,
            cmd.at.toISOString(),
            cmd.reset.id,
          ).changes,
        {
          action: WITHHELD,
          result: 'refused',
          details: {
            idempotencyKey: cmd.reset.idempotencyKey,
            refusal: 'requester-disabled',
            requestedBy: cmd.reset.requestedBy,
            sent: false,
          },
        },
        null,
      ),
    markExpired(cmd) {
      return audit.transact(() => {
        const record = settle(
          cmd,
          () => outboxExpired.run(cmd.at.toISOString(), cmd.reset.id).changes,
          {
            action: 'lockout.reset-expired',
            result: 'failure',
            details: {
              idempotencyKey: cmd.reset.idempotencyKey,
              verifiedUntil: cmd.verifiedUntil.toISOString(),
              sent: cmd.reset.attempts,
            },
          },
          null,
        );
        if (record.outboxState === 'expired' && cmd.reset.outboxState !== 'expired') {
          // The lead's alert: a caller was told the lock would clear, and it did not.
          audit.append({
            ...senderOf(cmd),
            action: 'alert.reset-expired',
            subjectType: 'reset',
            subjectId: cmd.reset.publicId,
            result: 'alert',
            details: {
              idempotencyKey: cmd.reset.idempotencyKey,
              requestedBy: cmd.reset.requestedBy,
            },
          });
        }
        return record;
      });
    },
    claim(resetId, until) {
      outboxClaim.run(until.toISOString(), resetId);
    },
    due: (now, limit) => dueRows.all(now.toISOString(), limit).map(toRecord),
    reopenForgedEnds(sender, genuine) {
      const candidates = endedRows.all().filter((row) => !genuine.has(row.id));
      if (candidates.length === 0) return [];
      return audit.transact(() => {
        const reopened: string[] = [];
        for (const row of candidates) {
          if (endedUncleared(row)) {
            genuine.add(row.id);
            continue;
          }
          if (reopen.run(sender.at.toISOString(), row.id, row.outbox_state).changes !== 1) continue;
          audit.append({
            ...senderOf(sender),
            action: 'alert.altered-row',
            subjectType: 'reset',
            subjectId: row.public_id,
            result: 'alert',
            details: { table: 'reset_outbox', state: row.outbox_state },
          });
          reopened.push(row.public_id);
        }
        return reopened;
      });
    },
    verifiedAt(reset) {
      // Read from the trail: requested_at and verification_attempts are not sealed, so moving
      // either on in the file would otherwise make an expired reset sendable again.
      const entry = resetEntries.all(reset.cardId, reset.publicId).find(audit.storedEntryHolds);
      if (!entry) return null;
      const { callId } = JSON.parse(entry.details) as { callId?: unknown };
      if (typeof callId !== 'string') return null;
      return verifiedInCall({ cardId: reset.cardId, publicId: callId }, new Date(entry.at));
    },
    endedInTrail(reset) {
      if (reset.state === 'applied') return null;
      if (endedBy(ENDED_UNCLEARED.refused, reset.publicId)) return 'refused';
      // Refused when it was about to be sent (markFraudRefused, markRequesterRefused).
      if (endedBy(WITHHELD, reset.publicId)) return 'refused';
      if (endedBy(ENDED_UNCLEARED.expired, reset.publicId)) return 'expired';
      return null;
    },
    restoreEnded(cmd) {
      return audit.transact(() => {
        if (outboxEnded.run(cmd.ended, cmd.at.toISOString(), cmd.reset.id).changes === 1) {
          audit.append({
            ...senderOf(cmd),
            action: 'alert.altered-row',
            subjectType: 'reset',
            subjectId: cmd.reset.publicId,
            result: 'alert',
            details: { table: 'reset_outbox', rowIds: [cmd.reset.id], ended: cmd.ended },
          });
        }
        return toRecord(byId.get(cmd.reset.id)!);
      });
    },
    latest(cardId) {
      if (anyOf.get(cardId) === undefined) return null;
      const row = latestOf.get(cardId);
      return row ? toRecord(row) : null;
    },
    refused(cmd) {
      appendRefusal(audit, cmd, {
        action: 'lockout.reset-refused',
        subjectType: 'card',
        subjectId: cmd.cardPublicId,
        details: { callId: cmd.callPublicId, refusal: cmd.refusal },
      });
    },
  };
}

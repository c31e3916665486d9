/**
 * Resets as commands. Recording one writes the reset, its audit entry and its outbox row in
 * one immediate transaction; the reset is unique per lock (card + the lock's start), so two
 * consoles pressing at once — or one double click — record one reset, and the other learns
 * the lock is already being reset. The outbox row carries the idempotency key the ACS
 * gateway sees on every attempt, and its state: pending → applied, or failed with retry.
 */
import { randomBytes } from 'node:crypto';
import type {
  LockCause,
  OutboxState,
  ResetReason,
  ResetState,
} from '../../../shared/lockout/lockout-codes.ts';
import type { Actor } from '../actor.ts';
import { appendRefusal, auditActor, type AuditEntryInput } from '../audit/audit-append.ts';
import type { StoreEdges } from '../edges.ts';

export interface ResetRecord {
  id: number;
  publicId: string;
  cardId: number;
  lockSince: Date;
  requestedAt: Date;
  requestedBy: string;
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
}

export interface LockoutStore {
  /** The reset, or null when this lock already has one (nothing written). */
  record(cmd: RecordResetCommand): ResetRecord | null;
  /** As record(), inside a transaction the caller already holds (an approval). */
  recordWithin(cmd: RecordResetCommand): ResetRecord | null;
  /** The gateway's answer, with its audit entry. */
  markApplied(
    cmd: Actor & { reset: ResetRecord; outcome: 'applied' | 'already-unlocked' },
  ): ResetRecord;
  markFailed(cmd: Actor & { reset: ResetRecord; error: string }): ResetRecord;
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
  reason: ResetReason;
  state: ResetState;
  applied_at: string | null;
  idempotency_key: string;
  attempts: number;
  last_error: string | null;
  lock_cause: LockCause | null;
  outbox_state: OutboxState;
}

const toRecord = (row: ResetRow): ResetRecord => ({
  id: row.id,
  publicId: row.public_id,
  cardId: row.card_id,
  lockSince: new Date(row.lock_since),
  requestedAt: new Date(row.requested_at),
  requestedBy: row.requested_by,
  reason: row.reason,
  state: row.state,
  appliedAt: row.applied_at ? new Date(row.applied_at) : null,
  idempotencyKey: row.idempotency_key,
  attempts: row.attempts,
  lastError: row.last_error,
  lockCause: row.lock_cause,
  outboxState: row.outbox_state,
});

/** The key the ACS sees for every attempt at one reset: the card and the lock's start. */
export function resetIdempotencyKey(cardPublicId: string, lockSince: Date): string {
  return `reset:${cardPublicId}:${lockSince.toISOString()}`;
}

export function createLockoutStore({ db, audit }: StoreEdges): LockoutStore {
  const select = `
    SELECT r.id, r.public_id, r.card_id, r.lock_since, r.requested_at, o.username AS requested_by,
           r.reason, r.state, r.applied_at, x.idempotency_key, x.attempts, x.last_error,
           x.lock_cause, x.state AS outbox_state
    FROM resets r JOIN reset_outbox x ON x.reset_id = r.id JOIN operators o ON o.id = r.requested_by`;
  const byLock = db.prepare<[number, string], { id: number }>(
    'SELECT id FROM resets WHERE card_id = ? AND lock_since = ?',
  );
  const byId = db.prepare<[number], ResetRow>(`${select} WHERE r.id = ?`);
  const latestOf = db.prepare<[number], ResetRow>(
    `${select} WHERE r.card_id = ? ORDER BY r.requested_at DESC, r.id DESC LIMIT 1`,
  );
  const insertReset = db.prepare<
    [string, number, number, string, number, number | null, string, string, string]
  >(`INSERT INTO resets (public_id, card_id, call_id, lock_since, requested_by, approval_id,
                         requested_at, reason, note)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertOutbox = db.prepare<[number, string, LockCause, string, string]>(
    `INSERT INTO reset_outbox (reset_id, idempotency_key, lock_cause, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?)`,
  );
  const outboxDone = db.prepare<[string, string, number]>(
    `UPDATE reset_outbox SET state = ?, attempts = attempts + 1, last_error = NULL,
                             updated_at = ? WHERE reset_id = ?`,
  );
  const outboxFailed = db.prepare<[string, string, number]>(
    `UPDATE reset_outbox SET state = 'failed', attempts = attempts + 1, last_error = ?,
                             updated_at = ? WHERE reset_id = ?`,
  );
  const resetState = db.prepare<[ResetState, string | null, number]>(
    'UPDATE resets SET state = ?, applied_at = ? WHERE id = ?',
  );

  function recordWithin(cmd: RecordResetCommand): ResetRecord | null {
    const lockSince = cmd.lockSince.toISOString();
    // Read inside the immediate transaction: another console may have just reset this lock.
    if (byLock.get(cmd.cardId, lockSince)) return null;
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
    );
    const id = Number(lastInsertRowid);
    insertOutbox.run(
      id,
      resetIdempotencyKey(cmd.cardPublicId, cmd.lockSince),
      cmd.lockCause,
      at,
      at,
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
        reason: cmd.reason,
        noteLength: cmd.note.length,
        approvalId: cmd.approval?.publicId ?? null,
      },
    });
    return toRecord(byId.get(id)!);
  }

  /** The ACS's answer to one attempt: the outbox and the reset move on, with their entry. */
  function settle(
    cmd: Actor & { reset: ResetRecord; error?: string },
    state: 'applied' | 'failed',
    details: AuditEntryInput['details'],
  ): ResetRecord {
    return audit.transact(() => {
      const at = cmd.at.toISOString();
      if (state === 'applied') outboxDone.run('applied', at, cmd.reset.id);
      else outboxFailed.run(cmd.error ?? '', at, cmd.reset.id);
      resetState.run(state, state === 'applied' ? at : null, cmd.reset.id);
      audit.append({
        ...auditActor(cmd),
        action: 'lockout.reset-applied',
        subjectType: 'reset',
        subjectId: cmd.reset.publicId,
        result: state === 'applied' ? 'success' : 'failure',
        details,
      });
      return toRecord(byId.get(cmd.reset.id)!);
    });
  }

  return {
    record: (cmd) => audit.transact(() => recordWithin(cmd)),
    recordWithin,
    markApplied: (cmd) =>
      settle(cmd, 'applied', { idempotencyKey: cmd.reset.idempotencyKey, acs: cmd.outcome }),
    markFailed: (cmd) =>
      settle(cmd, 'failed', { idempotencyKey: cmd.reset.idempotencyKey, error: cmd.error }),
    latest(cardId) {
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

/**
 * Four-eyes approval of escalated resets, as commands. A request is one row, pending until a
 * team lead approves or rejects it, or until it expires (policy). Approving records the reset
 * in the same transaction as the decision, so an approved request always has its reset.
 * Nobody decides their own request: the store refuses it, and a CHECK constraint backs it.
 * Expiry is read from the clock; pending rows past their time are marked expired (and
 * audited) whenever the queue is touched.
 */
import { randomBytes } from 'node:crypto';
import type {
  ApprovalDecision,
  ApprovalProblem,
  ApprovalState,
} from '../../../shared/approvals/approval-codes.ts';
import type { ResetEscalation, ResetReason } from '../../../shared/lockout/lockout-codes.ts';
import type { Actor } from '../actor.ts';
import { alteredEntryReport } from '../audit/altered-entry.ts';
import { appendRefusal, auditActor } from '../audit/audit-append.ts';
import type { StoredAuditEntry } from '../audit/canonical.ts';
import { countedEntries } from '../audit/counted-entries.ts';
import { rowCheckMemo } from '../db/row-check-memo.ts';
import type { Edges } from '../edges.ts';
import type { ResetCommand, ResetRecord } from '../lockout/lockout-store.ts';
import { vouchedNames, type NamedOperator } from '../operators/vouched-name.ts';
import { vouchedVerifiedAt } from '../verification/verification-store.ts';

export interface ApprovalRecord {
  id: number;
  publicId: string;
  cardId: number;
  cardPublicId: string;
  callId: number;
  callPublicId: string;
  lockSince: Date;
  requestedById: number;
  requestedBy: string;
  /** The requester's display name when the trail vouches for it (operators/vouched-name.ts). */
  requestedByName: string | null;
  requestedAt: Date;
  expiresAt: Date;
  reason: ResetReason;
  note: string;
  escalation: ResetEscalation[];
  state: ApprovalState;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
}

export interface ApprovalContext {
  /** When the caller was verified in the request's call. */
  verifiedAt: Date | null;
}

export type CancelOutcome =
  | { ok: true; approval: ApprovalRecord }
  | { ok: false; problem: ApprovalProblem; approval: ApprovalRecord | null };

export type DecideOutcome =
  | { ok: true; approval: ApprovalRecord; reset: ResetRecord | null }
  | { ok: false; problem: ApprovalProblem; approval: ApprovalRecord | null };

export interface ApprovalStore {
  /** A new pending request, or null when this lock already has one (nothing written). */
  request(
    cmd: ResetCommand & {
      escalation: ResetEscalation[];
      expiresAt: Date;
    },
  ): ApprovalRecord | null;
  /** A lead read a pending request's card, read-only: one audit entry per opening. */
  cardRead(cmd: Actor & { publicId: string; cardPublicId: string; attempts: number }): void;
  /** A lead read the queue (cardholder names): audited with how many were shown. */
  listed(cmd: Actor & { shown: number }): void;
  /** A decision refused before the store was asked (fraud came to light, the lock changed). */
  refused(cmd: Actor & { publicId: string; decision: ApprovalDecision; problem: string }): void;
  /** Pending requests not yet expired, oldest first. */
  pending(now: Date): ApprovalRecord[];
  /** The pending request for this lock, if any and not expired. */
  pendingFor(cardId: number, lockSince: Date, now: Date): ApprovalRecord | null;
  byPublicId(publicId: string): ApprovalRecord | null;
  /** What a lead judges a request by: when its caller was verified. */
  context(approval: ApprovalRecord): ApprovalContext;
  /** Who reset this lock from a console, if anyone did. */
  resetBy(cardId: number, lockSince: Date): NamedOperator | null;
  /** The latest request made in this call, as it stands at `now` (pending past its time: expired). */
  latestInCall(callId: number, now: Date): ApprovalRecord | null;
  /**
   * The requester (or a lead) withdraws a request still waiting, saying why: cancelled, with
   * who and when under the row's seal; audited either way. `mayCancelOthers`: a lead may
   * cancel anyone's request, an agent only their own.
   */
  cancel(cmd: Actor & { publicId: string; note: string; mayCancelOthers: boolean }): CancelOutcome;
  decide(
    cmd: Actor & {
      publicId: string;
      decision: ApprovalDecision;
      note: string;
      /**
       * Records the reset when approving, inside this transaction (the call, card and lock of
       * the request); null when the lock already has one.
       */
      recordReset: (approval: ApprovalRecord) => ResetRecord | null;
    },
  ): DecideOutcome;
}

interface ApprovalRow {
  id: number;
  public_id: string;
  card_id: number;
  card_public_id: string;
  call_id: number;
  call_public_id: string;
  lock_since: string;
  requested_by_id: number;
  requested_by: string;
  requested_at: string;
  expires_at: string;
  reason: ResetReason;
  note: string;
  escalation: string;
  state: ApprovalState;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

const toRecord = (row: ApprovalRow, requestedByName: string | null): ApprovalRecord => ({
  id: row.id,
  publicId: row.public_id,
  cardId: row.card_id,
  cardPublicId: row.card_public_id,
  callId: row.call_id,
  callPublicId: row.call_public_id,
  lockSince: new Date(row.lock_since),
  requestedById: row.requested_by_id,
  requestedBy: row.requested_by,
  requestedByName,
  requestedAt: new Date(row.requested_at),
  expiresAt: new Date(row.expires_at),
  reason: row.reason,
  note: row.note,
  escalation: JSON.parse(row.escalation) as ResetEscalation[],
  state: row.state,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at ? new Date(row.decided_at) : null,
  decisionNote: row.decision_note,
});

type Entry = StoredAuditEntry & { mac: Buffer | null };

/** The actions that end a request (with result success). */
const ENDINGS: ReadonlySet<string> = new Set([
  'approval.decide',
  'approval.cancel',
  'approval.expire',
]);
const ALTERED_WHAT = 'an entry of an approval request read for how it ended';

export function createApprovalStore(edges: Pick<Edges, 'db' | 'audit' | 'keys'>): ApprovalStore {
  const { db, audit, keys } = edges;
  // operators.display_name is not sealed: the requester is named as the trail vouches.
  const nameOf = vouchedNames(edges);
  const recordOf = (row: ApprovalRow) =>
    toRecord(row, nameOf(row.requested_by_id)?.displayName ?? null);
  const select = `
    SELECT a.id, a.public_id, a.card_id, c.public_id AS card_public_id, a.call_id,
           k.public_id AS call_public_id, a.lock_since,
           a.requested_by AS requested_by_id, r.username AS requested_by,
           a.requested_at,
           a.expires_at, a.reason, a.note, a.escalation, a.state, d.username AS decided_by,
           a.decided_at, a.decision_note
    FROM approval_requests a
    CROSS JOIN cards c ON c.id = a.card_id
    CROSS JOIN calls k ON k.id = a.call_id
    CROSS JOIN operators r ON r.id = a.requested_by
    LEFT JOIN operators d ON d.id = a.decided_by`;
  // CROSS JOIN keeps the requests the outer loop: with statistics that call calls tiny (taken
  // before a day's calls), the planner scanned every call for each request's.

  const byId = db.prepare<[number], ApprovalRow>(`${select} WHERE a.id = ?`);
  // When the caller was verified, as the trail vouches for it: verification_attempts is not
  // sealed, so a row planted there would show the lead a verification that never happened.
  const verifiedInCall = vouchedVerifiedAt({ db, audit });
  // Every entry about the request, whatever its action: a decision renamed is still read.
  const ofRequest = db.prepare<[string], Entry>('SELECT * FROM audit_log WHERE subject_id = ?');
  const holds = rowCheckMemo<Entry>((entry) => audit.storedEntryHolds(entry), 4096);
  const counted = countedEntries(db, holds);
  const reportAltered = alteredEntryReport(audit, keys);
  const countedKey = (publicId: string) => `approval ${publicId}`;
  /**
   * Whether the trail vouches that the request was already decided, cancelled or expired. The
   * row is sealed, but an older sealed version of it (pending) written back still verifies: the
   * trail's entry, whose MAC holds, is what says it ended. Its entries are read by the request
   * alone, whatever their action, and each must hold: one that fails its MAC (renamed, its
   * result or decision edited) is read the strictest way, ended; so is one this process counted
   * before and no longer finds (moved to another subject, deleted: counted-entries.ts). Either
   * way the trail is marked broken and the lead alerted, when someone (`finder`) acts on it.
   * One indexed read (migration 021), whatever the results.
   */
  const endedInTrail = (publicId: string, finder?: Actor): boolean => {
    const entries = ofRequest.all(publicId);
    const altered =
      counted(countedKey(publicId), entries) ?? entries.find((entry) => !holds(entry))?.seq;
    if (altered !== undefined && altered !== null) {
      if (finder) reportAltered(finder, altered, ALTERED_WHAT);
      return true;
    }
    return entries.some((entry) => ENDINGS.has(entry.action) && entry.result === 'success');
  };
  /** A request's end just written: counted at once, so that it cannot be moved out unseen. */
  const countEnd = (publicId: string) =>
    void counted(countedKey(publicId), ofRequest.all(publicId));
  /** A row pending again after its trail says it ended: put back in the file; a lead alerted. */
  const alertRolledBack = (cmd: Actor, approval: ApprovalRecord) =>
    audit.append({
      ...auditActor(cmd),
      action: 'alert.altered-row',
      subjectType: 'approval',
      subjectId: approval.publicId,
      result: 'alert',
      details: { table: 'approval_requests', rowIds: [approval.id], rolledBack: true },
    });
  const resetOfLock = db.prepare<[number, string], { requested_by: number }>(
    'SELECT requested_by FROM resets WHERE card_id = ? AND lock_since = ?',
  );
  const byPublic = db.prepare<[string], ApprovalRow>(`${select} WHERE a.public_id = ?`);
  const pendingRows = db.prepare<[string], ApprovalRow>(
    `${select} WHERE a.state = 'pending' AND a.expires_at > ? ORDER BY a.requested_at, a.id`,
  );
  const pendingForLock = db.prepare<[number, string, string], ApprovalRow>(
    `${select} WHERE a.card_id = ? AND a.lock_since = ? AND a.state = 'pending' AND a.expires_at > ?`,
  );
  // Probes on the requests' own indexes: a card that has none (nearly every lock status) is
  // answered without opening the joined tables, each of which costs a statement as much as
  // its read; a card that has one reads it with its joins, as before.
  const anyPendingForLock = db
    .prepare<[number, string, string], number>(
      `SELECT 1 FROM approval_requests
       WHERE card_id = ? AND lock_since = ? AND state = 'pending' AND expires_at > ?`,
    )
    .pluck();
  const anyOfCall = db
    .prepare<[number], number>('SELECT 1 FROM approval_requests WHERE call_id = ? LIMIT 1')
    .pluck();
  const latestOfCall = db.prepare<[number], ApprovalRow>(
    `${select} WHERE a.call_id = ? ORDER BY a.requested_at DESC, a.id DESC LIMIT 1`,
  );
  const staleRows = db.prepare<[string], { id: number; public_id: string; card_public_id: string }>(
    `SELECT a.id, a.public_id, c.public_id AS card_public_id FROM approval_requests a
     JOIN cards c ON c.id = a.card_id WHERE a.state = 'pending' AND a.expires_at <= ?`,
  );
  const expire = db.prepare<[number]>(
    `UPDATE approval_requests SET state = 'expired' WHERE id = ? AND state = 'pending'`,
  );
  const insert = db.prepare<
    [string, number, number, string, number, string, string, string, string, string]
  >(`INSERT INTO approval_requests (public_id, card_id, call_id, lock_since, requested_by,
                                    requested_at, expires_at, reason, note, escalation)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const decideRow = db.prepare<[ApprovalState, number, string, string, number]>(
    `UPDATE approval_requests SET state = ?, decided_by = ?, decided_at = ?, decision_note = ?
     WHERE id = ? AND state = 'pending'`,
  );

  const cancelRow = db.prepare<[number, string, string, number]>(
    `UPDATE approval_requests SET state = 'cancelled', decided_by = ?, decided_at = ?,
       decision_note = ?
     WHERE id = ? AND state = 'pending'`,
  );

  /** Marks pending requests past their time as expired; each with an audit entry. */
  function expireStale(cmd: Actor): void {
    for (const row of staleRows.all(cmd.at.toISOString())) {
      expire.run(row.id);
      audit.append({
        ...auditActor(cmd),
        action: 'approval.expire',
        subjectType: 'approval',
        subjectId: row.public_id,
        result: 'success',
        details: { cardId: row.card_public_id },
      });
      countEnd(row.public_id);
    }
  }

  return {
    request(cmd) {
      return audit.transact(() => {
        expireStale(cmd);
        const lockSince = cmd.lockSince.toISOString();
        if (pendingForLock.get(cmd.cardId, lockSince, cmd.at.toISOString())) return null;
        const publicId = `apr_${randomBytes(9).toString('base64url')}`;
        const expiresAt = cmd.expiresAt;
        const { lastInsertRowid } = insert.run(
          publicId,
          cmd.cardId,
          cmd.callId,
          lockSince,
          cmd.operatorId,
          cmd.at.toISOString(),
          expiresAt.toISOString(),
          cmd.reason,
          cmd.note,
          JSON.stringify(cmd.escalation),
        );
        audit.append({
          ...auditActor(cmd),
          action: 'approval.request',
          subjectType: 'card',
          subjectId: cmd.cardPublicId,
          result: 'success',
          details: {
            approvalId: publicId,
            callId: cmd.callPublicId,
            lockSince,
            reason: cmd.reason,
            escalation: cmd.escalation,
            noteLength: cmd.note.length,
            expiresAt: expiresAt.toISOString(),
          },
        });
        return recordOf(byId.get(Number(lastInsertRowid))!);
      });
    },
    pending: (now) =>
      pendingRows
        .all(now.toISOString())
        .filter((row) => !endedInTrail(row.public_id))
        .map(recordOf),
    listed(cmd) {
      audit.transact(() => {
        expireStale(cmd);
        audit.append({
          ...auditActor(cmd),
          action: 'approval.queue',
          subjectType: null,
          subjectId: null,
          result: 'success',
          details: { shown: cmd.shown },
        });
      });
    },
    cardRead(cmd) {
      audit.transact(() => {
        audit.append({
          ...auditActor(cmd),
          action: 'card.read-only',
          subjectType: 'card',
          subjectId: cmd.cardPublicId,
          result: 'success',
          details: { approvalId: cmd.publicId, attempts: cmd.attempts },
        });
      });
    },
    refused(cmd) {
      appendRefusal(audit, cmd, {
        action: 'approval.decide',
        subjectType: 'approval',
        subjectId: cmd.publicId,
        details: { decision: cmd.decision, problem: cmd.problem },
      });
    },
    pendingFor(cardId, lockSince, now) {
      const args = [cardId, lockSince.toISOString(), now.toISOString()] as const;
      if (anyPendingForLock.get(...args) === undefined) return null;
      const row = pendingForLock.get(...args);
      return row ? recordOf(row) : null;
    },
    latestInCall(callId, now) {
      if (anyOfCall.get(callId) === undefined) return null;
      const row = latestOfCall.get(callId);
      if (!row) return null;
      const record = recordOf(row);
      return record.state === 'pending' && record.expiresAt.getTime() <= now.getTime()
        ? { ...record, state: 'expired' }
        : record;
    },
    byPublicId(publicId) {
      const row = byPublic.get(publicId);
      return row ? recordOf(row) : null;
    },
    context(approval) {
      const call = { cardId: approval.cardId, publicId: approval.callPublicId };
      return { verifiedAt: verifiedInCall(call, approval.requestedAt) };
    },
    resetBy(cardId, lockSince) {
      const row = resetOfLock.get(cardId, lockSince.toISOString());
      return row ? nameOf(row.requested_by) : null;
    },
    cancel(cmd) {
      return audit.transact((): CancelOutcome => {
        const row = byPublic.get(cmd.publicId);
        const refuse = (problem: ApprovalProblem, approval: ApprovalRecord | null) => {
          audit.append({
            ...auditActor(cmd),
            action: 'approval.cancel',
            subjectType: 'approval',
            subjectId: cmd.publicId,
            result: 'refused',
            details: { problem },
          });
          return { ok: false as const, problem, approval };
        };
        // Another agent's request is as good as not there: its id says nothing to them.
        if (!row || (!cmd.mayCancelOthers && row.requested_by_id !== cmd.operatorId))
          return refuse(row ? 'not-own-request' : 'not-found', null);
        const approval = recordOf(row);
        if (approval.state === 'cancelled') return refuse('cancelled', approval);
        if (approval.state === 'expired') return refuse('expired', approval);
        if (approval.state !== 'pending') return refuse('decided', approval);
        if (endedInTrail(approval.publicId, cmd)) {
          alertRolledBack(cmd, approval);
          return refuse('decided', approval);
        }
        if (approval.expiresAt.getTime() <= cmd.at.getTime()) {
          expireStale(cmd);
          return refuse('expired', approval);
        }
        cancelRow.run(cmd.operatorId, cmd.at.toISOString(), cmd.note, approval.id);
        audit.append({
          ...auditActor(cmd),
          action: 'approval.cancel',
          subjectType: 'approval',
          subjectId: approval.publicId,
          result: 'success',
          details: {
            cardId: approval.cardPublicId,
            callId: approval.callPublicId,
            requestedBy: approval.requestedBy,
            own: approval.requestedById === cmd.operatorId,
            noteLength: cmd.note.length,
          },
        });
        countEnd(approval.publicId);
        return { ok: true, approval: recordOf(byId.get(approval.id)!) };
      });
    },
    decide(cmd) {
      return audit.transact((): DecideOutcome => {
        const row = byPublic.get(cmd.publicId);
        if (!row) return { ok: false, problem: 'not-found', approval: null };
        const approval = recordOf(row);
        const refuse = (problem: Exclude<ApprovalProblem, 'not-found'>): DecideOutcome => {
          audit.append({
            ...auditActor(cmd),
            action: 'approval.decide',
            subjectType: 'approval',
            subjectId: approval.publicId,
            result: 'refused',
            details: { decision: cmd.decision, problem },
          });
          return { ok: false, problem, approval };
        };
        if (approval.requestedById === cmd.operatorId) return refuse('own-request');
        if (approval.state === 'expired') return refuse('expired');
        if (approval.state === 'cancelled') return refuse('cancelled');
        if (approval.state !== 'pending') return refuse('decided');
        if (endedInTrail(approval.publicId, cmd)) {
          alertRolledBack(cmd, approval);
          return refuse('decided');
        }
        if (approval.expiresAt.getTime() <= cmd.at.getTime()) {
          expireStale(cmd);
          return refuse('expired');
        }
        let reset: ResetRecord | null = null;
        if (cmd.decision === 'approve') {
          reset = cmd.recordReset(approval);
          if (!reset) return refuse('already-reset');
        }
        const state = cmd.decision === 'approve' ? 'approved' : 'rejected';
        decideRow.run(state, cmd.operatorId, cmd.at.toISOString(), cmd.note, approval.id);
        audit.append({
          ...auditActor(cmd),
          action: 'approval.decide',
          subjectType: 'approval',
          subjectId: approval.publicId,
          result: 'success',
          details: {
            decision: cmd.decision,
            cardId: approval.cardPublicId,
            resetId: reset?.publicId ?? null,
            noteLength: cmd.note.length,
          },
        });
        countEnd(approval.publicId);
        return { ok: true, approval: recordOf(byId.get(approval.id)!), reset };
      });
    },
  };
}

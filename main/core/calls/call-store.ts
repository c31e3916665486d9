/**
 * Calls as commands: opening a card in a call, ending it, wrapping it up. Each writes its
 * row and its audit entry in one transaction. What happens inside a call is stored by its
 * feature (verification answers, contact checks, resets).
 */
import { randomBytes } from 'node:crypto';
import type {
  CallEndReason,
  CallOutcome,
  NoOutcomeReason,
} from '../../../shared/calls/call-codes.ts';
import type { Actor } from '../actor.ts';
import { auditActor } from '../audit/audit-append.ts';
import type { CardRecord } from '../cards/card-store.ts';
import type { StoreEdges } from '../edges.ts';

export interface CallRecord {
  id: number;
  publicId: string;
  cardId: number;
  startedAt: Date;
}

export interface EarlierCall {
  publicId: string;
  startedAt: Date;
  operator: string;
  verified: boolean;
  outcome: CallOutcome | null;
}

export interface CallStore {
  /**
   * Opens a card in a call: continues `current` when it is on the same card and still open,
   * otherwise starts a new call (the service refuses to open another card while a call is
   * open; `current` is then one that has already ended). Opening is audited once per call.
   */
  open(cmd: Actor & { card: CardRecord; current: CallRecord | null }): Promise<CallRecord>;
  end(cmd: Actor & { call: CallRecord; reason: CallEndReason }): Promise<void>;
  /** Earlier calls on the card (not this one), newest first, at most `limit`. */
  earlier(call: CallRecord, limit: number): EarlierCall[];
  /** Ends the call with its outcome and a checked note; audited. False when it had already ended. */
  wrapUp(cmd: Actor & { call: CallRecord; outcome: CallOutcome; note: string }): Promise<boolean>;
  /** Ends the call without an outcome, with why and a checked note; audited. False when it had already ended. */
  endWithoutOutcome(
    cmd: Actor & { call: CallRecord; reason: NoOutcomeReason; note: string },
  ): Promise<boolean>;
  /**
   * Records the transfer to the fraud team with its case reference; audited. False when
   * the call had ended or was already transferred.
   */
  fraudTransfer(cmd: Actor & { call: CallRecord; caseRef: string }): Promise<boolean>;
  /** Whether the call is still open in the database. */
  isOpen(call: CallRecord): boolean;
}

export function createCallStore({ db, audit }: StoreEdges): CallStore {
  const insertCall = db.prepare(
    'INSERT INTO calls (public_id, card_id, operator_id, started_at) VALUES (?, ?, ?, ?)',
  );
  const endCall = db.prepare(
    'UPDATE calls SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL',
  );
  const isOpen = db.prepare<[number], { open: number }>(
    'SELECT ended_at IS NULL AS open FROM calls WHERE id = ?',
  );

  const earlierCalls = db.prepare<
    [number, number, number],
    {
      public_id: string;
      started_at: string;
      username: string;
      verified: number;
      outcome: CallOutcome | null;
    }
  >(`
    SELECT c.public_id, c.started_at, o.username, c.outcome,
           EXISTS (SELECT 1 FROM verification_attempts a
                   WHERE a.call_id = c.id AND a.result = 'verified') AS verified
    FROM calls c JOIN operators o ON o.id = c.operator_id
    WHERE c.card_id = ? AND c.id != ? ORDER BY c.started_at DESC, c.id DESC LIMIT ?`);
  const wrapUpCall = db.prepare(
    `UPDATE calls SET ended_at = ?, end_reason = 'wrapped-up', outcome = ?, note = ?
     WHERE id = ? AND ended_at IS NULL`,
  );

  const endWithoutOutcomeCall = db.prepare(
    `UPDATE calls SET ended_at = ?, end_reason = 'wrapped-up', no_outcome_reason = ?, note = ?
     WHERE id = ? AND ended_at IS NULL`,
  );

  const fraudTransferCall = db.prepare(
    `UPDATE calls SET fraud_case_ref = ?, fraud_transferred_at = ?
     WHERE id = ? AND ended_at IS NULL AND fraud_case_ref IS NULL`,
  );

  function closeCall(cmd: Actor & { call: CallRecord; reason: CallEndReason }) {
    if (endCall.run(cmd.at.toISOString(), cmd.reason, cmd.call.id).changes === 0) return;
    audit.append({
      ...auditActor(cmd),
      action: 'call.end',
      subjectType: 'call',
      subjectId: cmd.call.publicId,
      result: 'success',
      details: { reason: cmd.reason },
    });
  }

  return {
    async open(cmd) {
      return audit.transact(() => {
        const { current } = cmd;
        if (current && current.cardId === cmd.card.id && isOpen.get(current.id)?.open === 1)
          return current;
        // Not reached through cards.open, which refuses while a call is open: kept so no
        // path ever leaves two calls open in one window.
        if (current) closeCall({ ...cmd, call: current, reason: 'next-card' });
        const publicId = `call_${randomBytes(9).toString('base64url')}`;
        const id = Number(
          insertCall.run(publicId, cmd.card.id, cmd.operatorId, cmd.at.toISOString())
            .lastInsertRowid,
        );
        audit.append({
          ...auditActor(cmd),
          action: 'card.open',
          subjectType: 'card',
          subjectId: cmd.card.publicId,
          result: 'success',
          details: { callId: publicId },
        });
        return { id, publicId, cardId: cmd.card.id, startedAt: cmd.at };
      });
    },

    async end(cmd) {
      audit.transact(() => closeCall(cmd));
    },

    async fraudTransfer(cmd) {
      return audit.transact(() => {
        const done = fraudTransferCall.run(cmd.caseRef, cmd.at.toISOString(), cmd.call.id);
        if (done.changes === 0) return false;
        audit.append({
          ...auditActor(cmd),
          action: 'call.fraud-transfer',
          subjectType: 'call',
          subjectId: cmd.call.publicId,
          result: 'success',
          details: { caseRef: cmd.caseRef },
        });
        return true;
      });
    },

    isOpen: (call) => isOpen.get(call.id)?.open === 1,

    async endWithoutOutcome(cmd) {
      return audit.transact(() => {
        const ended = endWithoutOutcomeCall.run(
          cmd.at.toISOString(),
          cmd.reason,
          cmd.note === '' ? null : cmd.note,
          cmd.call.id,
        );
        if (ended.changes === 0) return false;
        audit.append({
          ...auditActor(cmd),
          action: 'call.end-without-outcome',
          subjectType: 'call',
          subjectId: cmd.call.publicId,
          result: 'success',
          details: { reason: cmd.reason, noteLength: cmd.note.length },
        });
        return true;
      });
    },

    earlier(call, limit) {
      return earlierCalls.all(call.cardId, call.id, limit).map((row) => ({
        publicId: row.public_id,
        startedAt: new Date(row.started_at),
        operator: row.username,
        verified: row.verified === 1,
        outcome: row.outcome,
      }));
    },

    async wrapUp(cmd) {
      return audit.transact(() => {
        const ended = wrapUpCall.run(cmd.at.toISOString(), cmd.outcome, cmd.note, cmd.call.id);
        if (ended.changes === 0) return false;
        // The note itself stays with the call; the trail records that there was one.
        audit.append({
          ...auditActor(cmd),
          action: 'call.wrap-up',
          subjectType: 'call',
          subjectId: cmd.call.publicId,
          result: 'success',
          details: { outcome: cmd.outcome, noteLength: cmd.note.length },
        });
        return true;
      });
    },
  };
}

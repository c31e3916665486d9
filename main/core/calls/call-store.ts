/**
 * Calls and what happens in them, as commands: each writes its rows and its audit entry in
 * one transaction. Counting (misses, checks) happens inside that transaction too, so two
 * consoles on one database cannot both slip under a limit.
 */
import { randomBytes } from 'node:crypto';
import { auditActor } from '../audit/audit-append.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { Actor, CardRecord } from '../cards/card-store.ts';
import type { Db } from '../db/connection.ts';

export interface CallRecord {
  id: number;
  publicId: string;
  cardId: number;
  startedAt: Date;
}

export interface VerificationCounts {
  callMisses: number;
  /** Misses on the card across all calls since the window start. */
  cardMisses: number;
  /** The last time this call's caller was verified, or null. */
  lastVerifiedAt: Date | null;
}

export interface VerificationLimits {
  perCall: number;
  perCard: number;
  windowStart: Date;
}

export type EndReason = 'next-card' | 'signed-out' | 'wrapped-up';
export type CallOutcome =
  'resolved-reset' | 'resolved-advice' | 'escalated' | 'not-verified' | 'other';

export interface EarlierCall {
  publicId: string;
  startedAt: Date;
  operator: string;
  verified: boolean;
  outcome: CallOutcome | null;
}

export interface CallStore {
  /**
   * Opens a card in a call: continues `current` when it is on the same card, otherwise ends
   * it and starts a new call. Opening is audited once per call.
   */
  open(cmd: Actor & { card: CardRecord; current: CallRecord | null }): Promise<CallRecord>;
  end(cmd: Actor & { call: CallRecord; reason: EndReason }): Promise<void>;
  counts(call: CallRecord, windowStart: Date): VerificationCounts;
  /** Earlier calls on the card (not this one), newest first, at most `limit`. */
  earlier(call: CallRecord, limit: number): EarlierCall[];
  /** Ends the call with its outcome and a checked note; audited. False when it had already ended. */
  wrapUp(cmd: Actor & { call: CallRecord; outcome: CallOutcome; note: string }): Promise<boolean>;
  /** Records one DOB + postcode answer; refuses (and audits) when a limit is already reached. */
  recordVerification(
    cmd: Actor & {
      call: CallRecord;
      cardPublicId: string;
      verified: boolean;
      limits: VerificationLimits;
    },
  ): Promise<{ recorded: boolean; counts: VerificationCounts }>;
  /** Records one contact check; refuses (and audits) when the call's checks are used up. */
  recordContactCheck(
    cmd: Actor & {
      call: CallRecord;
      cardPublicId: string;
      kind: 'mobile' | 'email';
      match: boolean;
      valueHash: string;
      valueKeyId: string;
      limit: number;
    },
  ): Promise<{ recorded: boolean; used: number }>;
}

export function createCallStore(db: Db, audit: AuditTrail): CallStore {
  const insertCall = db.prepare(
    'INSERT INTO calls (public_id, card_id, operator_id, started_at) VALUES (?, ?, ?, ?)',
  );
  const endCall = db.prepare(
    'UPDATE calls SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL',
  );
  const isOpen = db.prepare<[number], { open: number }>(
    'SELECT ended_at IS NULL AS open FROM calls WHERE id = ?',
  );
  const callMisses = db.prepare<[number], { n: number }>(
    "SELECT count(*) AS n FROM verification_attempts WHERE call_id = ? AND result = 'not-verified'",
  );
  const cardMisses = db.prepare<[number, string], { n: number }>(
    "SELECT count(*) AS n FROM verification_attempts WHERE card_id = ? AND at > ? AND result = 'not-verified'",
  );
  const lastVerified = db.prepare<[number], { at: string | null }>(
    "SELECT max(at) AS at FROM verification_attempts WHERE call_id = ? AND result = 'verified'",
  );
  const insertAttempt = db.prepare(
    'INSERT INTO verification_attempts (call_id, card_id, at, result) VALUES (?, ?, ?, ?)',
  );
  const checksUsed = db.prepare<[number], { n: number }>(
    'SELECT count(*) AS n FROM contact_checks WHERE call_id = ?',
  );
  const insertCheck = db.prepare(
    'INSERT INTO contact_checks (call_id, kind, at, result) VALUES (?, ?, ?, ?)',
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

  function counts(call: CallRecord, windowStart: Date): VerificationCounts {
    const verifiedAt = lastVerified.get(call.id)!.at;
    return {
      callMisses: callMisses.get(call.id)!.n,
      cardMisses: cardMisses.get(call.cardId, windowStart.toISOString())!.n,
      lastVerifiedAt: verifiedAt ? new Date(verifiedAt) : null,
    };
  }

  function closeCall(cmd: Actor & { call: CallRecord; reason: EndReason }) {
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

    counts,

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

    async recordVerification(cmd) {
      return audit.transact(() => {
        const { limits } = cmd;
        const before = counts(cmd.call, limits.windowStart);
        const entry = {
          ...auditActor(cmd),
          action: 'caller.verify',
          subjectType: 'card',
          subjectId: cmd.cardPublicId,
        };
        if (before.callMisses >= limits.perCall || before.cardMisses >= limits.perCard) {
          audit.append({
            ...entry,
            result: 'refused',
            details: { callId: cmd.call.publicId, reason: 'limit-reached' },
          });
          return { recorded: false, counts: before };
        }
        const result = cmd.verified ? 'verified' : 'not-verified';
        insertAttempt.run(cmd.call.id, cmd.call.cardId, cmd.at.toISOString(), result);
        audit.append({
          ...entry,
          result: cmd.verified ? 'success' : 'failure',
          details: { callId: cmd.call.publicId },
        });
        const after = counts(cmd.call, limits.windowStart);
        const limit =
          after.callMisses >= limits.perCall
            ? 'call'
            : after.cardMisses >= limits.perCard
              ? 'card'
              : null;
        if (!cmd.verified && limit) {
          // Verification stops for this card: the team lead is alerted through the trail.
          audit.append({
            ...entry,
            action: 'alert.verification-limit',
            result: 'alert',
            details: {
              callId: cmd.call.publicId,
              limit,
              callMisses: after.callMisses,
              cardMisses: after.cardMisses,
            },
          });
        }
        return { recorded: true, counts: after };
      });
    },

    async recordContactCheck(cmd) {
      return audit.transact(() => {
        const used = checksUsed.get(cmd.call.id)!.n;
        const entry = {
          ...auditActor(cmd),
          action: 'contact.check',
          subjectType: 'card',
          subjectId: cmd.cardPublicId,
        };
        const searched = {
          callId: cmd.call.publicId,
          kind: cmd.kind,
          valueHash: cmd.valueHash,
          keyId: cmd.valueKeyId,
        };
        if (used >= cmd.limit) {
          audit.append({
            ...entry,
            result: 'refused',
            details: { ...searched, reason: 'limit-reached' },
          });
          return { recorded: false, used };
        }
        insertCheck.run(
          cmd.call.id,
          cmd.kind,
          cmd.at.toISOString(),
          cmd.match ? 'match' : 'no-match',
        );
        audit.append({
          ...entry,
          result: 'success',
          details: { ...searched, match: cmd.match },
        });
        return { recorded: true, used: used + 1 };
      });
    },
  };
}

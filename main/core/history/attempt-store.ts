/**
 * The card's 3-D Secure attempts as the ACS exported them. Listing them for the agent is a
 * read of cardholder data and is audited in the same transaction; the diagnosis reads the
 * recent ones as part of opening the card (audited there).
 */
import type Database from 'better-sqlite3';
import type {
  AttemptDelivery,
  AttemptMethod,
  AttemptOutcome,
  TransStatus,
} from '../../../shared/history/attempt-codes.ts';
import type { Actor } from '../actor.ts';
import { auditActor } from '../audit/audit-append.ts';
import type { StoreEdges } from '../edges.ts';

/**
 * One attempt's fields as the ACS exports them, apart from its times and where its code
 * went: the one list the store reads and the demo generates.
 */
export interface AttemptFields {
  merchant: string;
  amountMinor: number;
  currency: string;
  method: AttemptMethod;
  destinationMasked: string | null;
  delivery: AttemptDelivery;
  attemptsUsed: number;
  attemptsAllowed: number;
  resends: number;
  outcome: AttemptOutcome;
  transStatus: TransStatus;
  transStatusReason: string | null;
  eci: string | null;
  challengeCancel: string | null;
  acsTransId: string;
  dsTransId: string;
}

export interface AttemptRecord extends AttemptFields {
  id: number;
  /** Where the ACS's feed knows them (desk-admin import); the demo leaves them out. */
  merchantId: string | null;
  acsId: string | null;
  dsId: string | null;
  smsCarrier: string | null;
  emailProvider: string | null;
  at: Date;
  /** Keyed hash of the destination, to tell whether the code went to the current contact. */
  destinationHash: Buffer | null;
  destinationKeyId: string | null;
  expiresAt: Date | null;
}

export interface AttemptStore {
  /**
   * Attempts since `since` (all when null) with one of `outcomes` (all when null), newest
   * first, each handed to `each` as it is read and only its result kept (a card's history
   * can hold thousands: no array of rows or records beside the answer); audited.
   */
  list<T>(
    cmd: Actor & {
      cardId: number;
      cardPublicId: string;
      callPublicId: string;
      since: Date | null;
      outcomes: readonly string[] | null;
      filters: { period: string; outcome: string };
    },
    each: (attempt: AttemptRecord) => T,
  ): Promise<{ attempts: T[]; total: number }>;
  /** Attempts since `since`, newest first: what the diagnosis reads. */
  recent(cardId: number, since: Date): AttemptRecord[];
  /**
   * The attempts since `since` carrying one of these transStatusReasons, newest first: their
   * id, time and reason only (the fraud rule's read at every lock status, no other row built).
   */
  flaggedSince(
    cardId: number,
    since: Date,
    reasons: ReadonlySet<string>,
  ): { id: number; at: Date; transStatusReason: string }[];
}

interface AttemptRow {
  id: number;
  at: string;
  merchant: string;
  amount_minor: number;
  currency: string;
  method: AttemptRecord['method'];
  destination_masked: string | null;
  destination_hash: Buffer | null;
  destination_key_id: string | null;
  delivery: AttemptRecord['delivery'];
  attempts_used: number;
  attempts_allowed: number;
  resends: number;
  expires_at: string | null;
  outcome: AttemptRecord['outcome'];
  trans_status: AttemptRecord['transStatus'];
  trans_status_reason: string | null;
  eci: string | null;
  challenge_cancel: string | null;
  acs_trans_id: string;
  ds_trans_id: string;
  merchant_id: string | null;
  acs_id: string | null;
  ds_id: string | null;
  sms_carrier: string | null;
  email_provider: string | null;
}

const toRecord = (row: AttemptRow): AttemptRecord => ({
  id: row.id,
  at: new Date(row.at),
  merchant: row.merchant,
  amountMinor: row.amount_minor,
  currency: row.currency,
  method: row.method,
  destinationMasked: row.destination_masked,
  destinationHash: row.destination_hash,
  destinationKeyId: row.destination_key_id,
  delivery: row.delivery,
  attemptsUsed: row.attempts_used,
  attemptsAllowed: row.attempts_allowed,
  resends: row.resends,
  expiresAt: row.expires_at ? new Date(row.expires_at) : null,
  outcome: row.outcome,
  transStatus: row.trans_status,
  transStatusReason: row.trans_status_reason,
  eci: row.eci,
  challengeCancel: row.challenge_cancel,
  acsTransId: row.acs_trans_id,
  dsTransId: row.ds_trans_id,
  merchantId: row.merchant_id,
  acsId: row.acs_id,
  dsId: row.ds_id,
  smsCarrier: row.sms_carrier,
  emailProvider: row.email_provider,
});

export function createAttemptStore({ db, audit }: StoreEdges): AttemptStore {
  // Outcomes arrive as a JSON array so one statement serves every filter.
  const listQuery = db.prepare<
    [{ cardId: number; since: string; outcomes: string | null }],
    AttemptRow
  >(`
    SELECT * FROM auth_attempts
    WHERE card_id = @cardId AND at >= @since
      AND (@outcomes IS NULL OR outcome IN (SELECT value FROM json_each(@outcomes)))
    ORDER BY at DESC, id DESC`);
  // The reasons as parameters of their own (one statement per count of reasons), not a JSON
  // array opened with json_each: that made each lock status's fraud read half again slower.
  const flaggedQueries = new Map<number, Database.Statement<unknown[], [number, string, string]>>();
  const flaggedQuery = (count: number) => {
    let found = flaggedQueries.get(count);
    if (!found) {
      found = db
        .prepare<unknown[], [number, string, string]>(
          `SELECT id, at, trans_status_reason FROM auth_attempts WHERE card_id = ? AND at >= ?
             AND trans_status_reason IN (${Array.from({ length: count }, () => '?').join(', ')})`,
        )
        .raw();
      flaggedQueries.set(count, found);
    }
    return found;
  };
  const countQuery = db.prepare<[number], { n: number }>(
    'SELECT count(*) AS n FROM auth_attempts WHERE card_id = ?',
  );
  const EPOCH = new Date(0).toISOString();

  return {
    async list(cmd, each) {
      return audit.transact(() => {
        const attempts = [];
        for (const row of listQuery.iterate({
          cardId: cmd.cardId,
          since: cmd.since?.toISOString() ?? EPOCH,
          outcomes: cmd.outcomes ? JSON.stringify(cmd.outcomes) : null,
        }))
          attempts.push(each(toRecord(row)));
        audit.append({
          ...auditActor(cmd),
          action: 'card.history',
          subjectType: 'card',
          subjectId: cmd.cardPublicId,
          result: 'success',
          details: { callId: cmd.callPublicId, ...cmd.filters, shown: attempts.length },
        });
        return { attempts, total: countQuery.get(cmd.cardId)!.n };
      });
    },
    flaggedSince(cardId, since, reasons) {
      if (reasons.size === 0) return [];
      // Newest first, sorted here: an ORDER BY on this read (every lock status makes it) cost
      // several times the read itself, and a card has few flagged attempts.
      return flaggedQuery(reasons.size)
        .all(cardId, since.toISOString(), ...reasons)
        .sort(([idA, atA], [idB, atB]) => (atA < atB ? 1 : atA > atB ? -1 : idB - idA))
        .map(([id, at, transStatusReason]) => ({ id, at: new Date(at), transStatusReason }));
    },
    recent(cardId, since) {
      return listQuery.all({ cardId, since: since.toISOString(), outcomes: null }).map(toRecord);
    },
  };
}

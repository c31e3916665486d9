/**
 * Whether the trail vouches for what a lead decides an approval request by. The row's MAC
 * (migration 007) leaves out `escalation`, `reason`, `note` and `requested_at`: a writer
 * without the keys could show a lead a takeover-pattern request with no escalation reason, a
 * note the agent never wrote, or a request time that moves "verified at", and the seal would
 * still hold. The approval.request entry written in the request's transaction holds them (the
 * note by its length) under its chain MAC, so the row must say what its entry says: a row
 * whose entry is gone, renamed or altered, or that disagrees with it, does not stand (the
 * reset-row seal then treats it as an altered row: not queued, never approved, the lead
 * alerted).
 */
import type { StoredAuditEntry } from '../audit/canonical.ts';
import { rowCheckMemo } from '../db/row-check-memo.ts';
import type { StoreEdges } from '../edges.ts';

type Entry = StoredAuditEntry & { mac: Buffer | null };

/** The approval_requests columns the entry is compared with. */
export interface RequestColumns {
  public_id: string;
  card_id: number;
  lock_since: string;
  requested_by: number;
  requested_at: string;
  expires_at: string;
  reason: string;
  note: string;
  escalation: string;
}

interface RequestDetails {
  approvalId?: unknown;
  lockSince?: unknown;
  reason?: unknown;
  escalation?: unknown;
  noteLength?: unknown;
  expiresAt?: unknown;
}

const sameList = (stored: string, vouched: unknown): boolean => {
  try {
    return Array.isArray(vouched) && JSON.stringify(JSON.parse(stored)) === JSON.stringify(vouched);
  } catch {
    return false;
  }
};

export function requestEntryVouches({ db, audit }: StoreEdges): (row: RequestColumns) => boolean {
  const cardOf = db.prepare<[number], { public_id: string }>(
    'SELECT public_id FROM cards WHERE id = ?',
  );
  // The card's requests, by subject (audit_log_by_subject): a handful per card.
  const requests = db.prepare<[string], Entry>(
    `SELECT * FROM audit_log
     WHERE subject_id = ? AND action = 'approval.request' AND result = 'success'`,
  );
  const holds = rowCheckMemo((entry: Entry) => audit.storedEntryHolds(entry), 256);
  const says = (entry: Entry, row: RequestColumns): boolean => {
    let details: RequestDetails;
    try {
      details = JSON.parse(entry.details) as RequestDetails;
    } catch {
      return false;
    }
    return (
      details.approvalId === row.public_id &&
      entry.subject_type === 'card' &&
      entry.operator_id === row.requested_by &&
      entry.at === row.requested_at &&
      details.lockSince === row.lock_since &&
      details.reason === row.reason &&
      details.noteLength === row.note.length &&
      details.expiresAt === row.expires_at &&
      sameList(row.escalation, details.escalation)
    );
  };
  return (row) => {
    const card = cardOf.get(row.card_id);
    if (!card) return false;
    return requests.all(card.public_id).some((entry) => says(entry, row) && holds(entry));
  };
}

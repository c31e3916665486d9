/**
 * What stores need from the audit trail: append one entry inside the transaction of the
 * action it records. Details must never hold a clear cardholder value, code or password:
 * keyed hashes, public ids and codes only.
 */
import type { AuditAction, AuditResult } from '../../../shared/audit/audit-codes.ts';

export type { AuditAction, AuditResult };

export type AuditDetail =
  string | number | boolean | null | AuditDetail[] | { [key: string]: AuditDetail };

export interface AuditEntryInput {
  at: Date;
  operatorId: number | null;
  username: string | null;
  /** PCI DSS 10.2.2 origin: where the action came from, e.g. "console@PC-0412", "desk-admin". */
  origin: string;
  /** Dotted event type, e.g. "session.sign-in", "card.search": one of the trail's vocabulary. */
  action: AuditAction;
  subjectType: string | null;
  subjectId: string | null;
  result: AuditResult;
  details: { [key: string]: AuditDetail };
}

/** Who acted, as an audit entry records it: picked from a command that carries more. */
export function auditActor(
  actor: Pick<AuditEntryInput, 'at' | 'origin'> & {
    operatorId: number;
    username: string;
  },
): Pick<AuditEntryInput, 'at' | 'operatorId' | 'username' | 'origin'> {
  return {
    at: actor.at,
    operatorId: actor.operatorId,
    username: actor.username,
    origin: actor.origin,
  };
}

export interface AuditAppend {
  /** Synchronous: call it inside the better-sqlite3 transaction of the action. */
  append(entry: AuditEntryInput): void;
}

/**
 * A command refused before it wrote anything (a reset, an approval decision): its entry,
 * in a transaction of its own, so the refusal is evidence too (PCI DSS 10.2: failed attempts).
 */
export function appendRefusal(
  audit: AuditAppend & { transact<T>(command: () => T): T },
  actor: Parameters<typeof auditActor>[0],
  entry: Pick<AuditEntryInput, 'action' | 'subjectType' | 'subjectId' | 'details'>,
): void {
  audit.transact(() => audit.append({ ...auditActor(actor), ...entry, result: 'refused' }));
}

/**
 * What stores need from the audit trail: append one entry inside the transaction of the
 * action it records. Details must never hold a clear cardholder value, code or password:
 * keyed hashes, public ids and codes only.
 */
export type AuditResult = 'success' | 'failure' | 'refused' | 'alert';

export type AuditDetail =
  string | number | boolean | null | AuditDetail[] | { [key: string]: AuditDetail };

export interface AuditEntryInput {
  at: Date;
  operatorId: number | null;
  username: string | null;
  /** PCI DSS 10.2.2 origin: where the action came from, e.g. "console@PC-0412", "desk-admin". */
  origin: string;
  /** Dotted event type, e.g. "session.sign-in", "card.search". */
  action: string;
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

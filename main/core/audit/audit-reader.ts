/**
 * Reading the trail, for the audit desk and desk-admin: pages newest first by sequence number
 * (keyset: `seq < before`, never OFFSET, so page 10,000 costs what page 1 does), filtered by
 * time, operator, action group or action, result and card. SQL lives here; the statements
 * for each shape of filter are prepared once and kept.
 */
import {
  AUDIT_ACTION_GROUPS,
  auditActionsOf,
  type AuditAction,
  type AuditGroup,
  type AuditResult,
} from '../../../shared/audit/audit-codes.ts';
import type { AuditFilter } from '../../../shared/contract/audit.ts';
import type { Db } from '../db/connection.ts';
import type { VouchedName } from '../operators/vouched-name.ts';

/**
 * An entry as read, with the operator's display name of today as the trail vouches for it
 * (null when unknown or not vouched: operators.display_name is not sealed).
 */
export interface AuditRow {
  seq: number;
  at: string;
  operatorId: number | null;
  username: string | null;
  displayName: string | null;
  origin: string;
  action: string;
  group: AuditGroup | null;
  result: AuditResult;
  subjectType: string | null;
  subjectId: string | null;
  details: string;
}

interface StoredRow {
  seq: number;
  at: string;
  operator_id: number | null;
  username: string | null;
  origin: string;
  action: string;
  result: AuditResult;
  subject_type: string | null;
  subject_id: string | null;
  details: string;
}

export interface AuditReader {
  /** Up to `limit` entries older than `before` (all when absent), newest first. */
  page(filter: AuditFilter, before: number | undefined, limit: number): AuditRow[];
  /** How many entries match, counted up to `cap` (the count stops there: bounded cost). */
  count(filter: AuditFilter, cap: number): number;
  /** Every matching entry, newest first, a page at a time (exports: memory stays flat). */
  each(filter: AuditFilter, visit: (row: AuditRow) => void, pageSize?: number): number;
  bySeq(seq: number): AuditRow | null;
}

const groupOf = (action: string): AuditGroup | null =>
  Object.hasOwn(AUDIT_ACTION_GROUPS, action) ? AUDIT_ACTION_GROUPS[action as AuditAction] : null;

const toRow = (row: StoredRow, displayName: string | null): AuditRow => ({
  seq: row.seq,
  at: row.at,
  operatorId: row.operator_id,
  username: row.username,
  displayName,
  origin: row.origin,
  action: row.action,
  group: groupOf(row.action),
  result: row.result,
  subjectType: row.subject_type,
  subjectId: row.subject_id,
  details: row.details,
});

/** A filter as SQL: the WHERE clause (its shape depends only on which fields are set) and its values. */
function whereOf(filter: AuditFilter): { clauses: string[]; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.from !== undefined) {
    // Newest first in seq order: entries from `from` on are the newest, so the page fills at once.
    clauses.push('a.at >= @from /* plan: scans audit_log (newest first, up to the page) */');
    params.from = filter.from;
  }
  if (filter.to !== undefined) {
    clauses.push('a.at < @to');
    params.to = filter.to;
  }
  if (filter.operator !== undefined) {
    clauses.push('a.username = @operator');
    params.operator = filter.operator;
  }
  if (filter.action !== undefined) {
    clauses.push('a.action = @action');
    params.action = filter.action;
  }
  if (filter.group !== undefined) {
    // The group's actions as a JSON array: one statement per shape, whatever the group.
    clauses.push('a.action IN (SELECT value FROM json_each(@groupActions))');
    params.groupActions = JSON.stringify(auditActionsOf(filter.group));
  }
  if (filter.result !== undefined) {
    clauses.push('a.result = @result');
    params.result = filter.result;
  }
  if (filter.cardId !== undefined) {
    // The card as the entry's subject, or named among its details (a search's results, an
    // approval's card): details are canonical JSON, so the quoted id is a whole string value.
    clauses.push(
      "((a.subject_type = 'card' AND a.subject_id = @cardId) OR instr(a.details, @cardQuoted) > 0) /* plan: scans audit_log (a card named in details has no index: newest first until the page is full) */",
    );
    params.cardId = filter.cardId;
    params.cardQuoted = JSON.stringify(filter.cardId);
  }
  return { clauses, params };
}

/** `nameOf`: the operators' vouched names (none given: entries are named by username alone). */
export function createAuditReader(db: Db, nameOf: VouchedName = () => null): AuditReader {
  // The name of the operator the entry names, when the operator's row has the entry's username;
  // each operator looked up once per page (an export reads many pages).
  let pageNames = new Map<number | null, ReturnType<VouchedName>>();
  const named = (row: StoredRow) => {
    let operator = pageNames.get(row.operator_id);
    if (operator === undefined) {
      operator = nameOf(row.operator_id);
      pageNames.set(row.operator_id, operator);
    }
    return operator && operator.username === row.username ? operator.displayName : null;
  };
  const toNamedRow = (row: StoredRow) => toRow(row, named(row));
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const select = `SELECT a.seq, a.at, a.operator_id, a.username, a.origin, a.action,
           a.result, a.subject_type, a.subject_id, a.details
    FROM audit_log a`;
  const one = db.prepare<[number], StoredRow>(`${select} WHERE a.seq = ?`);

  function page(filter: AuditFilter, before: number | undefined, limit: number): AuditRow[] {
    const { clauses, params } = whereOf(filter);
    if (before !== undefined) clauses.push('a.seq < @before');
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    const statement = prepared(`${select} ${where} ORDER BY a.seq DESC LIMIT @limit`);
    const rows = statement.all({ ...params, before, limit }) as StoredRow[];
    pageNames = new Map();
    return rows.map(toNamedRow);
  }

  return {
    page,
    count(filter, cap) {
      const { clauses, params } = whereOf(filter);
      const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
      const statement = prepared(
        `SELECT count(*) AS n FROM (SELECT 1 FROM audit_log a ${where} LIMIT @cap)`,
      );
      return (statement.get({ ...params, cap }) as { n: number }).n;
    },
    each(filter, visit, pageSize = 1000) {
      let before: number | undefined;
      let visited = 0;
      for (;;) {
        const rows = page(filter, before, pageSize);
        for (const row of rows) visit(row);
        visited += rows.length;
        if (rows.length < pageSize) return visited;
        before = rows.at(-1)!.seq;
      }
    },
    bySeq(seq) {
      const row = one.get(seq);
      return row ? toNamedRow(row) : null;
    },
  };
}

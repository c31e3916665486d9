/**
 * Every closed list the database enforces with CHECK (column IN (...)) is the same list the
 * contract and the screens use, declared once in shared/. The live schema is read back from
 * sqlite_master after all migrations, so a value added in shared/ without a migration (or in
 * a migration without shared/) fails here, and so does a new CHECK list nobody mapped.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.ts';
import { migrations } from '../../../main/core/db/migrations/index.ts';
import { ALERT_KINDS, ALERT_STATES, SHARED_EVENTS } from '../../../shared/alerts/alert-codes.ts';
import { APPROVAL_STATES } from '../../../shared/approvals/approval-codes.ts';
import { AUDIT_RESULTS } from '../../../shared/audit/audit-codes.ts';
import {
  CALL_END_REASONS,
  CALL_OUTCOMES,
  NO_OUTCOME_REASONS,
} from '../../../shared/calls/call-codes.ts';
import { BRANDS } from '../../../shared/cards/brands.ts';
import {
  CONTACT_CHECK_RESULTS,
  CONTACT_KINDS,
  CONTACT_STATUSES,
} from '../../../shared/contacts/contact-codes.ts';
import { ROLES } from '../../../shared/contract/roles.ts';
import {
  ATTEMPT_DELIVERIES,
  ATTEMPT_METHODS,
  ATTEMPT_OUTCOMES,
  TRANS_STATUSES,
} from '../../../shared/history/attempt-codes.ts';
import { LOCK_CAUSES, OUTBOX_STATES, RESET_STATES } from '../../../shared/lockout/lockout-codes.ts';
import { IMPORT_FORMATS, IMPORT_RUN_STATES } from '../../../shared/import/import-codes.ts';
import { LANGUAGES } from '../../../shared/languages.ts';
import { VERIFICATION_RESULTS } from '../../../shared/verification/verification-codes.ts';

/** table.column → the shared table its CHECK list must equal. */
const SHARED_TABLES: Record<string, readonly string[]> = {
  'operators.role': ROLES,
  'audit_log.result': AUDIT_RESULTS,
  'cardholders.preferred_language': LANGUAGES,
  'cards.brand': BRANDS,
  'lockouts.cause': LOCK_CAUSES,
  'contact_points.kind': CONTACT_KINDS,
  'contact_points.status': CONTACT_STATUSES,
  'calls.end_reason': CALL_END_REASONS,
  'calls.outcome': CALL_OUTCOMES,
  'calls.no_outcome_reason': NO_OUTCOME_REASONS,
  'verification_attempts.result': VERIFICATION_RESULTS,
  'contact_checks.kind': CONTACT_KINDS,
  'contact_checks.result': CONTACT_CHECK_RESULTS,
  'auth_attempts.method': ATTEMPT_METHODS,
  'auth_attempts.delivery': ATTEMPT_DELIVERIES,
  'auth_attempts.outcome': ATTEMPT_OUTCOMES,
  'auth_attempts.trans_status': TRANS_STATUSES,
  'approval_requests.state': APPROVAL_STATES,
  'resets.state': RESET_STATES,
  'resets.lock_cause': LOCK_CAUSES,
  'reset_outbox.state': OUTBOX_STATES,
  'reset_outbox.lock_cause': LOCK_CAUSES,
  'import_runs.format': IMPORT_FORMATS,
  'import_runs.state': IMPORT_RUN_STATES,
  'desk_events.name': SHARED_EVENTS,
  'alerts.kind': ALERT_KINDS,
  'alerts.state': ALERT_STATES,
};

interface CheckList {
  column: string;
  values: string[];
}

/** Every `column IN ('a', 'b', …)` in a table's CREATE statement, in order. */
function checkListsOf(createSql: string): CheckList[] {
  const lists: CheckList[] = [];
  for (const match of createSql.matchAll(/(\w+)\s+IN\s*\(([^)]*)\)/giu)) {
    const values = [...(match[2] ?? '').matchAll(/'([^']*)'/gu)].map((m) => m[1] ?? '');
    if (values.length > 0) lists.push({ column: match[1] ?? '', values });
  }
  return lists;
}

function liveCheckLists(): Map<string, string[][]> {
  const db = new Database(':memory:');
  try {
    migrate(db, { available: migrations });
    const tables = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL")
      .all() as { name: string; sql: string }[];
    const found = new Map<string, string[][]>();
    for (const table of tables) {
      for (const list of checkListsOf(table.sql)) {
        const key = `${table.name}.${list.column}`;
        found.set(key, [...(found.get(key) ?? []), list.values]);
      }
    }
    return found;
  } finally {
    db.close();
  }
}

describe('CHECK lists of the live schema', () => {
  const live = liveCheckLists();

  it('finds the lists it reads (the parser is not blind)', () => {
    expect(live.size).toBeGreaterThanOrEqual(Object.keys(SHARED_TABLES).length);
    expect(checkListsOf("x TEXT CHECK (x IN ('a', 'b')),\n y TEXT CHECK (y IN ('c'))")).toEqual([
      { column: 'x', values: ['a', 'b'] },
      { column: 'y', values: ['c'] },
    ]);
  });

  it('every CHECK list belongs to a shared table', () => {
    expect([...live.keys()].filter((key) => !(key in SHARED_TABLES))).toEqual([]);
  });

  it.each(Object.entries(SHARED_TABLES))('%s equals its shared table', (key, shared) => {
    const lists = live.get(key);
    expect(lists, `${key} has no CHECK list`).toBeDefined();
    // One list states the whole domain; any other (a rule between columns) stays inside it.
    expect(lists?.some((values) => sameSet(values, shared))).toBe(true);
    for (const values of lists ?? []) {
      expect(values.filter((v) => !shared.includes(v))).toEqual([]);
    }
  });
});

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v) => b.includes(v));
}

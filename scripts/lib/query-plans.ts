/**
 * The query-plan check: `EXPLAIN QUERY PLAN` for each statement the product prepares, on a
 * database with the real schema, failing on a `SCAN` of a table that grows with the issuer
 * (cardholders, cards, attempts, the audit trail, ...). A statement that must read a whole
 * table (audit verify, an export) says so in its SQL with a comment naming the table,
 * `-- plan: scans audit_log (why)` (or the same inside a block comment), where a reviewer sees it.
 *
 * Two scans are bounded by construction and pass: a statement without WHERE that reads in
 * index or rowid order up to a LIMIT (the newest entry, a newest-first page, a capped count),
 * and the child-table lookups SQLite plans for a plain `INSERT … VALUES` into a parent table
 * (foreign-key bookkeeping that runs only while a deferred violation is outstanding, never
 * with the immediate constraints this schema uses).
 *
 * A plan that searches an index but walks far too many rows is not visible here: the bench
 * at three sizes catches that (docs/PERFORMANCE.md).
 */
import type Database from 'better-sqlite3';

export interface CollectedStatement {
  sql: string;
  /** The product line that prepared it (path:line). */
  at: string;
}

export interface PlanProblem extends CollectedStatement {
  problem: string;
  plan: string[];
}

/**
 * Tables whose size does not grow with cardholders, attempts or the trail: a scan of one is
 * fine. Every other table, including one added later, is large until listed here.
 */
export const SMALL_TABLES: ReadonlySet<string> = new Set([
  'database_info',
  'leases',
  'operators',
  'password_history',
  'policy',
  'schema_migrations',
  'server_sessions',
  'syslog_config',
  'syslog_cursor',
  'sqlite_master',
  'sqlite_schema',
  'sqlite_sequence',
]);

const NOT_EXPLAINED =
  /^\s*(PRAGMA|CREATE|DROP|ALTER|BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE|ANALYZE|VACUUM|ATTACH|DETACH|REINDEX)\b/i;

/** Table names of the schema (tables only; views and indexes are not scanned as such). */
function schemaTables(db: Database.Database): Set<string> {
  const rows = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as {
    name: string;
  }[];
  return new Set(rows.map((row) => row.name));
}

/** alias → table for each `FROM t a` / `JOIN t AS a` in the statement. */
function aliases(sql: string, tables: Set<string>): Map<string, string> {
  const map = new Map<string, string>();
  const pattern = /\b(?:FROM|JOIN|UPDATE|INTO)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?/gi;
  for (const match of sql.matchAll(pattern)) {
    const table = match[1]!;
    if (!tables.has(table)) continue;
    map.set(table, table);
    const alias = match[2];
    if (
      alias &&
      !/^(WHERE|ON|JOIN|LEFT|INNER|CROSS|ORDER|GROUP|LIMIT|SET|VALUES|USING|AS)$/i.test(alias)
    )
      map.set(alias, table);
  }
  return map;
}

/** Runs EXPLAIN QUERY PLAN with every parameter bound to NULL (the plan does not depend on it). */
export function explain(db: Database.Database, sql: string): string[] {
  const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const named = new Set([...sql.matchAll(/[@:$]([A-Za-z_]\w*)/g)].map((m) => m[1]!));
  const bag = Object.fromEntries([...named].map((name) => [name, null]));
  for (let positional = 0; positional <= 200; positional++) {
    const args: unknown[] = Array.from({ length: positional }, () => null);
    if (named.size > 0) args.unshift(bag);
    try {
      const rows = statement.all(...args) as { detail: string }[];
      return rows.map((row) => row.detail);
    } catch (error) {
      if (!(error instanceof RangeError) && !(error instanceof TypeError)) throw error;
    }
  }
  throw new Error('could not bind its parameters');
}

/** The scans of large tables in one statement's plan (empty when its plan is right). */
export function planProblem(
  db: Database.Database,
  statement: CollectedStatement,
  tables = schemaTables(db),
): PlanProblem | null {
  if (NOT_EXPLAINED.test(statement.sql)) return null;
  let plan: string[];
  try {
    plan = explain(db, statement.sql);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...statement, problem: `cannot be explained: ${message}`, plan: [] };
  }
  const names = aliases(statement.sql, tables);
  const sql = statement.sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
  const boundedRead =
    /\bLIMIT\b/i.test(sql) &&
    !/\bWHERE\b/i.test(sql) &&
    !plan.some((d) => d.includes('TEMP B-TREE'));
  const insertValues = /^\s*INSERT\b[^;]*\bVALUES\b/i.test(sql) && !/\bSELECT\b/i.test(sql);
  if (boundedRead || insertValues) return null;
  const scanned: string[] = [];
  for (const detail of plan) {
    const match = /^SCAN (\w+)/.exec(detail);
    if (!match) continue;
    const table = names.get(match[1]!) ?? (tables.has(match[1]!) ? match[1]! : null);
    if (!table || SMALL_TABLES.has(table)) continue;
    if (new RegExp(`(?:--|/\\*)\\s*plan:\\s*scans\\s+${table}\\b`).test(statement.sql)) continue;
    scanned.push(table);
  }
  return scanned.length === 0
    ? null
    : { ...statement, problem: `scans ${[...new Set(scanned)].join(', ')}`, plan };
}

export function planProblems(
  db: Database.Database,
  statements: readonly CollectedStatement[],
): PlanProblem[] {
  const tables = schemaTables(db);
  return statements.flatMap((statement) => planProblem(db, statement, tables) ?? []);
}

/**
 * The statistics `PRAGMA optimize` leaves in `sqlite_stat1`, carried from a bench database at
 * 1,000,000 cardholders to the query-plan check, so that the check plans as SQLite would at
 * an issuer's size.
 */
import type Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const STAT1_FIXTURE = resolve(
  import.meta.dirname,
  '../../test/fixtures/query-plans/sqlite-stat1.json',
);

interface Stat1Row {
  tbl: string;
  idx: string | null;
  stat: string;
}

export function readStat1(db: Database.Database): Stat1Row[] {
  const exists = db
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat1'")
    .get();
  if (!exists) return [];
  return db
    .prepare('SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx')
    .all() as Stat1Row[];
}

/**
 * Only the tables the bench fills at an issuer's size: a table nearly empty in a benchmark
 * database (its few calls, approvals, verification attempts) would tell the planner it is
 * small, where an issuer's years of calls make it large.
 */
export const MIN_ROWS = 1000;

export function saveStat1(db: Database.Database, path = STAT1_FIXTURE): void {
  const rows = readStat1(db).filter((row) => Number(row.stat.split(' ')[0]) >= MIN_ROWS);
  writeFileSync(path, `${JSON.stringify(rows, null, 1)}\n`);
}

/** Replaces this database's statistics with the fixture's and makes the planner load them. */
export function applyStat1(db: Database.Database, path = STAT1_FIXTURE): void {
  const rows = JSON.parse(readFileSync(path, 'utf8')) as Stat1Row[];
  db.exec('ANALYZE');
  db.exec('DELETE FROM sqlite_stat1');
  const insert = db.prepare('INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)');
  const tables = new Set(
    (
      db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]
    ).map((row) => row.name),
  );
  for (const row of rows) if (tables.has(row.tbl)) insert.run(row.tbl, row.idx, row.stat);
  // Reading sqlite_schema's statistics again is how SQLite reloads them.
  db.exec('ANALYZE sqlite_schema');
}

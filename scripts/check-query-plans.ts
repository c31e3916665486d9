/**
 * `npm run check:plans` (and `npm test`, after vitest): the query plan of every statement the
 * product prepared during the last vitest run (test/setup/collect-statements.ts), on a
 * database with the real schema — first as created (no statistics), then with the
 * statistics `PRAGMA optimize` left in a 1,000,000-cardholder bench database
 * (test/fixtures/query-plans/sqlite-stat1.json), so that the plans stay right after it.
 * Exits 1 on a scan of a large table.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../main/core/db/connection.ts';
import { STATEMENTS_DIR } from '../test/setup/statements-dir.ts';
import { applyStat1, STAT1_FIXTURE } from './lib/plan-stats.ts';
import { type CollectedStatement, planProblems } from './lib/query-plans.ts';

const statements = new Map<string, CollectedStatement>();
const files = existsSync(STATEMENTS_DIR) ? readdirSync(STATEMENTS_DIR) : [];
for (const file of files) {
  for (const line of readFileSync(join(STATEMENTS_DIR, file), 'utf8').split('\n')) {
    if (!line) continue;
    const statement = JSON.parse(line) as CollectedStatement;
    if (!statements.has(statement.sql)) statements.set(statement.sql, statement);
  }
}
if (statements.size === 0) {
  console.error('No statements were collected: run vitest first (npm run test:unit).');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'verify-desk-plans-'));
let failed = 0;
try {
  const db = openDatabase(join(dir, 'plans.db'), { create: true });
  const passes: [string, () => void][] = [['without statistics', () => {}]];
  if (existsSync(STAT1_FIXTURE))
    passes.push(['with the statistics of 1,000,000 cardholders', () => applyStat1(db)]);
  for (const [name, prepare] of passes) {
    prepare();
    const problems = planProblems(db, [...statements.values()]);
    for (const problem of problems) {
      console.error(`✗ ${problem.at} ${problem.problem} (${name})`);
      console.error(`  ${problem.sql.replace(/\s+/g, ' ').trim()}`);
      for (const step of problem.plan) console.error(`    ${step}`);
    }
    failed += problems.length;
    console.log(
      `${statements.size} statements from ${files.length} test processes, ${name}: ${problems.length} scan(s) of a large table.`,
    );
  }
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed === 0 ? 0 : 1);

/**
 * Collects every SQL statement the product prepares while the test suite runs, so that
 * `npm run check:plans` (and `npm test` after vitest) can check the query plan of each one
 * against the real schema: none is missed because none is listed by hand.
 *
 * It wraps better-sqlite3's `Database.prototype.prepare` in every test process and appends
 * each new statement prepared from `main/` (not from a test's own SQL) to
 * `test-results/statements/<pid>.jsonl` as `{ sql, at }`, `at` being the preparing line.
 */
import Database from 'better-sqlite3';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { STATEMENTS_DIR } from './statements-dir.ts';

const root = resolve(import.meta.dirname, '../..');
const out = join(STATEMENTS_DIR, `${process.pid}.jsonl`);
const seen = new Set<string>();

type Prepare = Database.Database['prepare'];
const proto = Database.prototype as { prepare: Prepare; __collecting?: boolean };

if (!proto.__collecting) {
  proto.__collecting = true;
  const original = proto.prepare;
  proto.prepare = function (this: Database.Database, source: string) {
    const statement = original.call(this, source);
    if (!seen.has(source)) {
      seen.add(source);
      const at = preparedFrom();
      if (at) {
        mkdirSync(STATEMENTS_DIR, { recursive: true });
        appendFileSync(out, `${JSON.stringify({ sql: source, at })}\n`);
      }
    }
    return statement;
  } as Prepare;
}

/** The product line that prepared the statement, or null when a test (or a library) did. */
function preparedFrom(): string | null {
  const stack = new Error().stack?.split('\n').slice(1) ?? [];
  for (const frame of stack) {
    const match = /\(?((?:file:\/\/)?\/[^()]+?):(\d+):\d+\)?$/.exec(frame.trim());
    if (!match) continue;
    const file = match[1]!.replace(/^file:\/\//, '');
    if (file.includes('/node_modules/') || file === import.meta.filename) continue;
    const path = relative(root, file);
    // The fake ACS (main/core/acs/fake/) is a test double with a database and schema of its
    // own, not the product's: its statements are not planned against the product's schema.
    if (path.startsWith('main/core/acs/fake/')) return null;
    return path.startsWith('main/') ? `${path}:${match[2]}` : null;
  }
  return null;
}

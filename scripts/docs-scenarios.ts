/**
 * `npm run docs:scenarios`: rewrites the scenario table of docs/TESTING.md from the demo
 * scenarios (test/kit/scenarios.ts). test/unit/kit/scenario-table.test.ts fails until it is run
 * after a scenario changes.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { withTable } from '../test/kit/scenarios.ts';

const page = 'docs/TESTING.md';
const before = readFileSync(page, 'utf8');
const after = withTable(before);
if (after === before) console.log(`${page}: the scenario table is up to date.`);
else {
  writeFileSync(page, after);
  // The page is kept as prettier lays it out (the table's columns padded).
  spawnSync('npx', ['prettier', '--write', page], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  console.log(`${page}: the scenario table was rewritten.`);
}

/**
 * `npm test`: typecheck, lint and format (side by side), build, vitest, the query plans of what vitest prepared, Playwright (both targets, then the example
 * project under docs/example-tests/ that uses only the test kit's public entry) — every runner, one closing line
 * "N passed, N failed, N skipped" adding them all up. Typecheck, lint, format and build
 * count as one check each. A run that executes no test fails: silence is not success.
 */
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { findElectronBinary } from './lib/electron-binary.ts';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

const RESULTS = 'test-results';
rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

const tallies: Record<string, Tally> = {};

function run(command: string, args: string[]): boolean {
  console.log(`\n▶ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  return result.status === 0;
}

function check(name: string, command: string, args: string[]): void {
  const passed = run(command, args);
  tallies[name] = { passed: passed ? 1 : 0, failed: passed ? 0 : 1, skipped: 0 };
}

function readJson(path: string): unknown {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

/**
 * Runs these checks at the same time (each is one process on one core, and the machine has
 * more than one) and prints each one's output whole, in the order given, once all are done.
 */
async function checksTogether(checks: [name: string, command: string, args: string[]][]) {
  const results = await Promise.all(
    checks.map(
      ([, command, args]) =>
        new Promise<{ ok: boolean; output: string }>((done) => {
          const child = spawn(command, args, {
            stdio: ['ignore', 'pipe', 'pipe'],
            shell: process.platform === 'win32',
          });
          let output = '';
          child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
          child.once('error', (error) =>
            done({ ok: false, output: `${output}${error.message}\n` }),
          );
          child.once('close', (code) => done({ ok: code === 0, output }));
        }),
    ),
  );
  checks.forEach(([name, command, args], i) => {
    const { ok, output } = results[i]!;
    console.log(`\n▶ ${command} ${args.join(' ')}`);
    process.stdout.write(output);
    tallies[name] = { passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 };
  });
}

await checksTogether([
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']],
  ['lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ['format', 'npx', ['prettier', '--check', '.']],
]);

// The Electron e2e target runs the test build (out-test/, with its test hooks); the release
// build (out/) never has them. The test command makes it itself wherever the Electron binary
// exists; without the binary that target skips (its reason printed once), so skip its build.
// Built before vitest: its kit test runs Playwright, whose global setup would otherwise build
// the same release build first.
const built =
  run('npx', ['electron-vite', 'build']) &&
  (!findElectronBinary().found || run('npx', ['electron-vite', 'build', '--mode', 'test']));
tallies.build = { passed: built ? 1 : 0, failed: built ? 0 : 1, skipped: 0 };

const vitestOk = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${RESULTS}/vitest.json`,
]);
const vitest = readJson(`${RESULTS}/vitest.json`) as {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
} | null;
tallies.vitest = vitest
  ? {
      passed: vitest.numPassedTests,
      failed: vitest.numFailedTests + (vitestOk || vitest.numFailedTests > 0 ? 0 : 1),
      skipped: vitest.numPendingTests + vitest.numTodoTests,
    }
  : { passed: 0, failed: 1, skipped: 0 };

// The query plan of every statement the product prepared while vitest ran: no scan of a
// large table (scripts/check-query-plans.ts).
check('query plans', 'node', ['scripts/check-query-plans.ts']);

interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
}

/** Runs Playwright with these arguments and tallies its JSON report. */
function playwright(args: string[], report: string): { tally: Tally; expected: number } {
  const ok =
    built &&
    spawnSync('npx', ['playwright', 'test', ...args], {
      stdio: 'inherit',
      shell: process.platform === 'win32',
      // Absolute: Playwright resolves a relative report path against the config's folder.
      env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: resolve(report) },
    }).status === 0;
  const json = readJson(report) as PlaywrightReport | null;
  if (!json) return { tally: { passed: 0, failed: 1, skipped: 0 }, expected: 0 };
  const { expected, unexpected, flaky, skipped } = json.stats;
  return {
    tally: {
      passed: expected + flaky,
      failed: unexpected + (ok || unexpected > 0 ? 0 : 1),
      skipped,
    },
    expected,
  };
}

// The e2e suite on both targets (the worked example of docs/TESTING.md among its specs).
const e2e = playwright([], `${RESULTS}/playwright.json`);
tallies.playwright = e2e.tally;
// A tester's own project: docs/example-tests/, importing only @verify-desk/test-kit.
const example = playwright(
  ['--config', 'docs/example-tests/playwright.config.ts'],
  `${RESULTS}/example-tests.json`,
);
tallies.example = example.tally;

console.log('\nSummary by runner:');
for (const [name, t] of Object.entries(tallies)) {
  console.log(`  ${name.padEnd(10)} ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
}
const total = Object.values(tallies).reduce(
  (sum, t) => ({
    passed: sum.passed + t.passed,
    failed: sum.failed + t.failed,
    skipped: sum.skipped + t.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
const ranNoTest =
  (vitest?.numPassedTests ?? 0) === 0 || e2e.expected === 0 || example.expected === 0;
if (ranNoTest) console.log('A runner executed no test: that is a failure.');
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed === 0 && !ranNoTest ? 0 : 1);

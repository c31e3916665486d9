/**
 * The renderer's paint timings alone (`node scripts/bench-paint.ts [--dir DIR] [--trace FILE]`):
 * the part of `npm run bench -- --cardholders N` that does not depend on N (the 10,000-attempt
 * history is the demo's `long-history` card), on a small benchmark database, so a change to
 * the renderer can be measured in a minute. `--dir` keeps the database for the next run;
 * `--trace` writes Chromium's trace of the history scroll (open it in chrome://tracing or
 * Perfetto); every long animation frame's timing and scripts are printed.
 * Needs the built renderer (`npm run build`).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { manualClock } from '../main/core/clock.ts';
import { buildDemoDatabase, DEMO_EPOCH, DEMO_SEED } from '../main/core/demo/build-demo.ts';
import { demoOperator } from '../main/core/demo/demo-operators.ts';
import { demoScenarioPerson } from '../main/core/demo/demo-people.ts';
import { createDeskCore } from '../main/core/desk-core.ts';
import { deskCoreOptions } from '../main/core/desk-core-options.ts';
import { BENCH_VERIFICATION_COST, raiseBenchBudgets } from './lib/bench-at-size.ts';
import { benchPaint } from './lib/paint-bench.ts';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string' },
    trace: { type: 'string' },
    samples: { type: 'string' },
  },
});
const dir = args.dir ?? mkdtempSync(join(tmpdir(), 'verify-desk-paint-'));
try {
  const dbPath = join(dir, 'bench.db');
  const keyFile = join(dir, 'keys', 'bench.key');
  if (!existsSync(dbPath)) {
    mkdirSync(join(dir, 'keys'), { recursive: true, mode: 0o700 });
    console.log('Building a small benchmark database (the demo and 12 bulk cardholders)…');
    await buildDemoDatabase({
      dbPath,
      keyFile,
      cardholders: 12,
      benchmark: { verificationCost: BENCH_VERIFICATION_COST },
    });
    await raiseBenchBudgets(dbPath, keyFile);
  }
  const core = createDeskCore(
    deskCoreOptions({ dbPath, keyFile, clock: manualClock(new Date(DEMO_EPOCH)), origin: 'bench' }),
  );
  try {
    const person = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
    const longPerson = demoScenarioPerson(DEMO_SEED, 'long-history');
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const report = await benchPaint({
      target: {
        call: (callerId, channel, payload) => core.router.call(callerId, channel, payload),
      },
      agent: demoOperator('agent'),
      card: { customerRef: person.customerRef, cardId: person.cards[0]!.publicId },
      longCard: { customerRef: longPerson.customerRef, cardId: longPerson.cards[0]!.publicId },
      samples: args.samples === undefined ? 30 : Number(args.samples),
      ...(args.trace !== undefined && { trace: args.trace }),
      detail: true,
    });
    console.log(JSON.stringify(report, null, 2));
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    core.close();
  }
} finally {
  if (args.dir === undefined) rmSync(dir, { recursive: true, force: true });
}

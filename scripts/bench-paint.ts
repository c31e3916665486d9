/**
 * The renderer's paint timings alone (`node scripts/bench-paint.ts [--dir DIR] [--trace FILE]`):
 * the part of `npm run bench -- --cardholders N` that does not depend on N (the 10,000-attempt
 * history is the demo's `long-history` card), on a small benchmark database, so a change to
 * the renderer can be measured in a minute. `--dir` keeps the database for the next run;
 * `--trace` writes Chromium's trace of the history scroll (open it in Perfetto); every frame
 * over 50 ms is printed with its long animation frame. Needs the built renderer
 * (`npm run build`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchPaint } from './lib/paint-bench.ts';
import { openSmallBench } from './lib/small-bench-db.ts';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string' },
    trace: { type: 'string' },
    samples: { type: 'string' },
  },
});
const dir = args.dir ?? mkdtempSync(join(tmpdir(), 'verify-desk-paint-'));
const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
try {
  const bench = await openSmallBench(dir);
  try {
    console.log(load());
    const report = await benchPaint({
      target: {
        call: (callerId, channel, payload) => bench.core.router.call(callerId, channel, payload),
      },
      agent: bench.agent,
      card: bench.card,
      longCard: bench.longCard,
      samples: args.samples === undefined ? 30 : Number(args.samples),
      ...(args.trace !== undefined && { trace: args.trace }),
      detail: true,
    });
    console.log(JSON.stringify(report, null, 2));
    console.log(load());
  } finally {
    bench.core.close();
  }
} finally {
  if (args.dir === undefined) rmSync(dir, { recursive: true, force: true });
}

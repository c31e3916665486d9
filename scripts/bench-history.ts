/**
 * The 10,000-attempt history read alone (`node scripts/bench-history.ts [--dir DIR]
 * [--reads N]`): the console's core on a small benchmark database (the demo's `long-history`
 * card), the read through the router N times as `npm run bench` times it, printing each read's
 * time and the process's RSS and V8 heap before and after — the main process's memory with
 * the database open and the history read, measured without the rest of the bench.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openSmallBench } from './lib/small-bench-db.ts';

const { values: args } = parseArgs({
  options: { dir: { type: 'string' }, reads: { type: 'string' } },
});
const dir = args.dir ?? mkdtempSync(join(tmpdir(), 'verify-desk-history-'));
const mb = (bytes: number) => Math.round(bytes / 1_048_576);
const memory = () => {
  const m = process.memoryUsage();
  return `RSS ${mb(m.rss)} MB, heap ${mb(m.heapUsed)} / ${mb(m.heapTotal)} MB, external ${mb(m.external + m.arrayBuffers)} MB`;
};
try {
  const { core, agent, longCard } = await openSmallBench(dir);
  try {
    const call = async (channel: string, input: unknown) => {
      const result = await core.router.call('h', channel as never, input as never);
      if (!result.ok) throw new Error(`${channel} was refused: ${result.error.reason}`);
      return result.value as never;
    };
    await call('session.signIn', { username: agent.username, password: agent.password });
    await call('cards.search', { key: 'customer-ref', customerRef: longCard.customerRef });
    await call('cards.open', { cardId: longCard.cardId });
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(`before the reads: ${memory()}`);
    const times: number[] = [];
    const reads = Number(args.reads ?? 40);
    for (let i = 0; i < reads; i++) {
      const started = performance.now();
      const { attempts } = (await call('cards.history', {
        cardId: longCard.cardId,
        period: 'all',
        outcome: 'all',
      })) as { attempts: unknown[] };
      times.push(performance.now() - started);
      if (attempts.length < 10_000) throw new Error('The history read returned too few attempts.');
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `${reads} reads: p50 ${sorted[Math.floor(reads / 2)]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`,
    );
    console.log(
      `after the reads: ${memory()}; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB`,
    );
    (globalThis as { gc?: () => void }).gc?.();
    console.log(`after a full collection (--expose-gc): ${memory()}`);
  } finally {
    core.close();
  }
} finally {
  if (args.dir === undefined) rmSync(dir, { recursive: true, force: true });
}

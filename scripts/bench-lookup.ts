/**
 * One lookup through the router, many times (`node [--cpu-prof] scripts/bench-lookup.ts
 * [--dir DIR] [--op status|open|search-pan|search-ref|wrap-up] [--calls N]`): the console's core on a
 * small benchmark database, the demo's `locked-wrong-codes` card found and opened in a call,
 * then the one operation N times, printing its p50 and p99 — to profile what a lookup spends
 * beside its reads (run under `node --cpu-prof`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DEMO_SEED } from '../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../main/core/demo/demo-people.ts';
import { openSmallBench } from './lib/small-bench-db.ts';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string' },
    op: { type: 'string' },
    calls: { type: 'string' },
  },
});
const dir = args.dir ?? mkdtempSync(join(tmpdir(), 'verify-desk-lookup-'));
try {
  const { core, agent, card } = await openSmallBench(dir);
  try {
    const call = async (channel: string, input: unknown) => {
      const result = await core.router.call('l', channel as never, input as never);
      if (!result.ok) throw new Error(`${channel} was refused: ${result.error.reason}`);
      return result.value;
    };
    await call('session.signIn', { username: agent.username, password: agent.password });
    await call('cards.search', { key: 'customer-ref', customerRef: card.customerRef });
    await call('cards.open', { cardId: card.cardId });
    const pan = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes').cards[0]!.pan;
    const ops = {
      status: () => call('lockout.status', { cardId: card.cardId }),
      open: () => call('cards.open', { cardId: card.cardId }),
      'search-pan': () => call('cards.search', { key: 'card-number', number: pan }),
      'search-ref': () =>
        call('cards.search', { key: 'customer-ref', customerRef: card.customerRef }),
      // A round trip that commits an audit entry; the search and open of the next call after
      // it are not timed.
      'wrap-up': () =>
        call('calls.wrapUp', {
          cardId: card.cardId,
          outcome: 'resolved-advice',
          note: 'Advised the caller.',
        }),
    };
    const untimed: Partial<Record<keyof typeof ops, () => Promise<unknown>>> = {
      'wrap-up': async () => {
        await call('cards.search', { key: 'customer-ref', customerRef: card.customerRef });
        await call('cards.open', { cardId: card.cardId });
      },
    };
    const op = ops[(args.op ?? 'status') as keyof typeof ops];
    if (!op) throw new Error(`--op is one of ${Object.keys(ops).join(', ')}`);
    const calls = Number(args.calls ?? 2000);
    const after = untimed[(args.op ?? 'status') as keyof typeof ops];
    for (let i = 0; i < 50; i++) await op().then(after);
    const times: number[] = [];
    // CPU of the whole loop, less that of the untimed calls (process.cpuUsage() itself is a
    // system call: read twice a round only where there are untimed calls).
    let untimedCpu = 0;
    const cpu = process.cpuUsage();
    for (let i = 0; i < calls; i++) {
      const started = performance.now();
      await op();
      times.push(performance.now() - started);
      if (after) {
        const before = process.cpuUsage();
        await after();
        const spent = process.cpuUsage(before);
        untimedCpu += spent.user + spent.system;
      }
    }
    const spent = process.cpuUsage(cpu);
    const used = spent.user + spent.system - untimedCpu;
    times.sort((a, b) => a - b);
    console.log(
      `${args.op ?? 'status'} × ${calls}: p50 ${times[Math.floor(calls / 2)]!.toFixed(3)} ms, p99 ${times[Math.floor(calls * 0.99)]!.toFixed(3)} ms, CPU ${(used / calls / 1000).toFixed(3)} ms a call; load average ${loadavg()[0]!.toFixed(2)}`,
    );
  } finally {
    core.close();
  }
} finally {
  if (args.dir === undefined) rmSync(dir, { recursive: true, force: true });
}

/**
 * A small benchmark database for focused measurements (`scripts/bench-paint.ts`,
 * `scripts/bench-history.ts`): the demo with its scenarios — the `long-history` card's 10,000
 * attempts among them — and 12 bulk cardholders, built once in DIR and measured through a
 * console core's router, as `npm run bench` measures the big one.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { manualClock } from '../../main/core/clock.ts';
import { buildDemoDatabase, DEMO_EPOCH, DEMO_SEED } from '../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../main/core/demo/demo-operators.ts';
import { demoScenarioPerson } from '../../main/core/demo/demo-people.ts';
import { createDeskCore } from '../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../main/core/desk-core-options.ts';
import { BENCH_VERIFICATION_COST, raiseBenchBudgets } from './bench-at-size.ts';

export async function openSmallBench(dir: string) {
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
  const scenario = (name: Parameters<typeof demoScenarioPerson>[1]) => {
    const person = demoScenarioPerson(DEMO_SEED, name);
    return { customerRef: person.customerRef, cardId: person.cards[0]!.publicId };
  };
  return {
    dbPath,
    keyFile,
    core,
    agent: demoOperator('agent'),
    lead: demoOperator('lead'),
    card: scenario('locked-wrong-codes'),
    longCard: scenario('long-history'),
  };
}

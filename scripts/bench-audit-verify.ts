/**
 * Audit verify alone (`node scripts/bench-audit-verify.ts [--dir DIR] [--entries N]
 * [--threads T] [--runs R]`): a demo database with its trail appended to N entries (default
 * 200,000; the real HMAC chain, as the audit explorer's bench makes it), then the whole chain
 * checked from entry 1 as `desk-admin audit verify` and the console check it (the worker, its
 * ranges, the checkpoint lines, the schema and the sealed rows), R times: wall time and the
 * CPU time of all the process's threads; then one full pass of the trail watch
 * (trail-watch.ts: the same worker without the database check, as every console holding the
 * watch's lease runs it at start and every five minutes or more). `--dir` keeps the database
 * for the next run.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { defaultAnchorPath } from '../main/core/audit/checkpoint-anchor.ts';
import { runAuditVerification } from '../main/core/audit/run-verification.ts';
import { startTrailWatch } from '../main/core/audit/trail-watch.ts';
import { createAuditTrail } from '../main/core/audit/audit-trail.ts';
import { systemClock } from '../main/core/clock.ts';
import { openDatabase } from '../main/core/db/connection.ts';
import { buildDemoDatabase } from '../main/core/demo/build-demo.ts';
import { readKeyBinding } from '../main/core/keys/database-key-binding.ts';
import { openKeyProvider } from '../main/core/keys/open-key-provider.ts';
import { generateTrail } from './lib/audit-explorer-bench.ts';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string' },
    entries: { type: 'string' },
    threads: { type: 'string' },
    runs: { type: 'string' },
  },
});
const dir = args.dir ?? mkdtempSync(join(tmpdir(), 'verify-desk-audit-'));
mkdirSync(dir, { recursive: true });
try {
  const dbPath = join(dir, 'audit-verify.db');
  const keyFile = join(dir, 'audit-verify.key');
  if (!existsSync(dbPath)) {
    const entries = Number(args.entries ?? 200_000);
    await buildDemoDatabase({ dbPath, keyFile, cardholders: 20 });
    const began = performance.now();
    // Reads only: entries the database check beside the chain has nothing to compare with.
    generateTrail(dbPath, keyFile, entries, ['card.search', 'card.open', 'card.history']);
    console.log(
      `trail of ${entries.toLocaleString('en')} entries generated in ${((performance.now() - began) / 1000).toFixed(1)} s`,
    );
  }
  const db = openDatabase(dbPath);
  const keys = openKeyProvider({ keyFile, ...readKeyBinding(db) });
  for (let run = 0; run < Number(args.runs ?? 3); run++) {
    const load = loadavg()[0]!.toFixed(2);
    const cpu = process.cpuUsage();
    const began = performance.now();
    const result = await runAuditVerification({
      dbPath,
      anchorPath: defaultAnchorPath(dbPath),
      keys,
      checkDatabase: true,
      ...(args.threads !== undefined && { threads: Number(args.threads) }),
    });
    const wall = performance.now() - began;
    const used = process.cpuUsage(cpu);
    if (!['intact', 'unanchored-tail'].includes(result.status))
      throw new Error(
        `The trail did not verify: ${result.status} ${(result.problems ?? []).slice(0, 5).join('; ')}`,
      );
    console.log(
      `${result.entriesChecked.toLocaleString('en')} entries ${result.status}: wall ${(wall / 1000).toFixed(2)} s, CPU ${((used.user + used.system) / 1e6).toFixed(2)} s (all threads), load average ${load}`,
    );
  }
  // The trail watch's full pass: its first look, at once on start.
  const load = loadavg()[0]!.toFixed(2);
  const cpu = process.cpuUsage();
  const began = performance.now();
  const anchorPath = defaultAnchorPath(dbPath);
  const watch = startTrailWatch({
    db,
    dbPath,
    anchorPath,
    keys,
    audit: createAuditTrail(db, keys, anchorPath, { clock: systemClock }),
    clock: systemClock,
    origin: 'bench',
    logInternal: (line) => console.log(line),
    everyMs: 3_600_000,
  });
  const look = await watch.look();
  const wall = performance.now() - began;
  const used = process.cpuUsage(cpu);
  watch.halt();
  db.close();
  if (look.outcome !== 'holds' || !look.full)
    throw new Error(`The trail watch's full pass did not hold: ${JSON.stringify(look)}`);
  console.log(
    `trail watch full pass, ${look.checked.toLocaleString('en')} entries: wall ${(wall / 1000).toFixed(2)} s, CPU ${((used.user + used.system) / 1e6).toFixed(2)} s (all threads), load average ${load}`,
  );
} finally {
  if (args.dir === undefined) rmSync(dir, { recursive: true, force: true });
}

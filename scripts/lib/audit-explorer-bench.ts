/**
 * The audit explorer on a trail of 1,000,000 entries (generated with the real HMAC chain,
 * not through the screen): the first page and a next page deep in the trail, through the
 * router as an auditor (session and role, zod in and out, the keyset page, the capped count
 * on a first page, and the audit entry every read writes) against the bare SELECT of the
 * same page. p95 of each, and the ratio of the means.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AUDIT_ACTIONS, AUDIT_ACTION_GROUPS } from '../../shared/audit/audit-codes.ts';
import { createAuditTrail } from '../../main/core/audit/audit-trail.ts';
import { defaultAnchorPath } from '../../main/core/audit/checkpoint-anchor.ts';
import { manualClock } from '../../main/core/clock.ts';
import { openDatabase } from '../../main/core/db/connection.ts';
import { buildDemoDatabase, DEMO_EPOCH } from '../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../main/core/demo/demo-operators.ts';
import { createDeskCore } from '../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../main/core/desk-core-options.ts';
import { readKeyBinding } from '../../main/core/keys/database-key-binding.ts';
import { openKeyProvider } from '../../main/core/keys/open-key-provider.ts';

export const AUDIT_BENCH_ENTRIES = 1_000_000;
const SAMPLES = 200;
const PAGE = 100;

/**
 * Appends `count` entries to the trail, chained, in transactions of 50,000; of every action
 * but alerts (with alerts among them), or only of `actions` (a trail the database check
 * reads beside the chain must not name settings, operators or holds that are not there).
 */
export function generateTrail(
  dbPath: string,
  keyFile: string,
  count: number,
  only?: readonly (typeof AUDIT_ACTIONS)[number][],
): void {
  const db = openDatabase(dbPath);
  try {
    const keys = openKeyProvider({ keyFile, ...readKeyBinding(db) });
    const start = Date.parse(DEMO_EPOCH) - count * 1000;
    const clock = manualClock(new Date(start));
    const trail = createAuditTrail(db, keys, defaultAnchorPath(dbPath), { clock });
    const actions = only ?? AUDIT_ACTIONS.filter((a) => AUDIT_ACTION_GROUPS[a] !== 'alert');
    const operators = ['demo.agent', 'demo.lead', 'agent.02', 'agent.03', 'agent.04'];
    let n = 0;
    while (n < count) {
      const chunk = Math.min(50_000, count - n);
      db.transaction(() => {
        for (let i = 0; i < chunk; i++, n++) {
          clock.advance(1000);
          const alert = !only && n % 97 === 0;
          trail.append({
            at: clock.now(),
            operatorId: null,
            username: operators[n % operators.length]!,
            origin: 'console@bench',
            action: alert ? 'alert.search-limit' : actions[n % actions.length]!,
            subjectType: 'card',
            subjectId: `c_${(n % 5000).toString(16).padStart(12, '0')}`,
            result: alert ? 'alert' : 'success',
            details: { callId: `call_${n}`, shown: n % 20 },
          });
        }
      })();
    }
    trail.anchorNow();
  } finally {
    db.close();
  }
}

const p95 = (samples: number[]) =>
  [...samples].sort((a, b) => a - b)[Math.floor(samples.length * 0.95)]!;
const mean = (samples: number[]) => samples.reduce((a, b) => a + b, 0) / samples.length;

export async function benchAuditExplorer(dir: string): Promise<void> {
  const dbPath = join(dir, 'audit-bench.db');
  const keyFile = join(dir, 'audit-bench.key');
  await buildDemoDatabase({ dbPath, keyFile, cardholders: 20 });
  console.log(`Generating an audit trail of ${AUDIT_BENCH_ENTRIES.toLocaleString('en')} entries…`);
  const began = performance.now();
  generateTrail(dbPath, keyFile, AUDIT_BENCH_ENTRIES);
  console.log(`  generated in ${((performance.now() - began) / 1000).toFixed(1)} s`);

  const core = createDeskCore(
    deskCoreOptions({ dbPath, keyFile, clock: manualClock(DEMO_EPOCH), origin: 'bench' }),
  );
  const raw = new Database(dbPath, { readonly: true });
  try {
    const auditor = demoOperator('auditor');
    await core.router.call('a', 'session.signIn', {
      username: auditor.username,
      password: auditor.password,
    });
    const select = `SELECT a.seq, a.at, a.operator_id, a.username, o.display_name, a.origin, a.action,
              a.result, a.subject_type, a.subject_id, a.details
       FROM audit_log a LEFT JOIN operators o ON o.id = a.operator_id`;
    const rawFirst = raw.prepare(`${select} ORDER BY a.seq DESC LIMIT @limit`);
    const rawNext = raw.prepare(`${select} WHERE a.seq < @before ORDER BY a.seq DESC LIMIT @limit`);
    const rawAlerts = raw.prepare(
      `SELECT a.seq FROM audit_log a WHERE a.result = 'alert' ORDER BY a.seq DESC LIMIT @limit`,
    );
    const time = async (work: () => unknown | Promise<unknown>) => {
      const samples: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const t = performance.now();
        await work();
        samples.push(performance.now() - t);
      }
      return samples;
    };
    const listed = async (payload: object) => {
      const result = await core.router.call('a', 'audit.list', payload);
      if (!result.ok) throw new Error(`audit.list refused: ${result.error.reason}`);
      const page = result.value as { entries: unknown[] };
      if (page.entries.length !== PAGE) throw new Error('audit.list: a short page');
    };
    const deep = () => 1 + Math.floor(Math.random() * (AUDIT_BENCH_ENTRIES - PAGE * 2)) + PAGE;

    const rows = [
      ['first page · router', await time(() => listed({ filter: {}, limit: PAGE }))],
      ['first page · raw SELECT', await time(() => rawFirst.all({ limit: PAGE + 1 }))],
      [
        'next page (deep) · router',
        await time(() => listed({ filter: {}, before: deep(), limit: PAGE })),
      ],
      [
        'next page (deep) · raw SELECT',
        await time(() => rawNext.all({ before: deep(), limit: PAGE + 1 })),
      ],
      [
        'alerts first page · router',
        await time(() => listed({ filter: { result: 'alert' }, limit: PAGE })),
      ],
      ['alerts first page · raw SELECT', await time(() => rawAlerts.all({ limit: PAGE + 1 }))],
    ] as const;
    console.table(
      rows.map(([task, samples]) => ({
        task: `audit ${task}`,
        'mean ms': mean(samples).toFixed(3),
        'p95 ms': p95(samples).toFixed(3),
      })),
    );
    const ratio = (i: number) => (mean(rows[i]![1]) / mean(rows[i + 1]![1])).toFixed(1);
    console.log(
      `audit explorer on ${AUDIT_BENCH_ENTRIES.toLocaleString('en')} entries: first page p95 ${p95(rows[0][1]).toFixed(2)} ms (router / raw = ${ratio(0)}×), next page p95 ${p95(rows[2][1]).toFixed(2)} ms (${ratio(2)}×), alerts p95 ${p95(rows[4][1]).toFixed(2)} ms (${ratio(4)}×)`,
    );
  } finally {
    raw.close();
    core.close();
  }
}

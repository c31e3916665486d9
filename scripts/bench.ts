/**
 * `npm run bench`: what the console's safety costs, as ratios against raw SQLite on the same
 * database file. Each pair runs the same read: once through the router (session and role
 * check, zod in and out, keyed hashes, the audit entry with its HMAC chain, one immediate
 * transaction) and once as the bare SELECT. Ratios, not milliseconds, are the result: they
 * hold across machines where absolute times do not.
 *
 * Search budgets (issue 16) would refuse a bench's thousands of searches within the hour, and
 * a refusal is cheap: so the bench raises its operator's budgets through policy, as an admin
 * would (`desk-admin policy set`, audited), and checks that every sample returned data.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';
import { createCliIo } from '../main/cli/cli-io.ts';
import { main as deskAdmin } from '../main/cli/desk-admin.ts';
import { manualClock } from '../main/core/clock.ts';
import { buildDemoDatabase, DEMO_EPOCH, DEMO_SEED } from '../main/core/demo/build-demo.ts';
import { demoOperator } from '../main/core/demo/demo-operators.ts';
import { demoScenarioPerson } from '../main/core/demo/demo-people.ts';
import { createDeskCore } from '../main/core/desk-core.ts';
import { deskCoreOptions } from '../main/core/desk-core-options.ts';
import { foldSurname } from '../shared/names/fold-surname.ts';
import { benchImport } from './bench-import.ts';
import { benchAuditExplorer } from './lib/audit-explorer-bench.ts';
import { benchAtSize } from './lib/bench-at-size.ts';

const { values: args } = parseArgs({
  options: {
    cardholders: { type: 'string' },
    json: { type: 'string' },
    'save-stats': { type: 'boolean' },
    // Keep the benchmark database in DIR, and measure the one already there (built once).
    dir: { type: 'string' },
    'built-seconds': { type: 'string' },
  },
});
if (args.cardholders !== undefined) {
  // At an issuer's size: every operation against its limit, the JSON the docs' table is made from.
  const cardholders = Number(args.cardholders);
  if (!Number.isInteger(cardholders) || cardholders < 12)
    throw new Error('--cardholders must be a whole number of at least 12.');
  const sized = args.dir ?? mkdtempSync(join(tmpdir(), 'verify-desk-bench-'));
  try {
    const measure = {
      dir: sized,
      cardholders,
      ...(args.json !== undefined && { json: args.json }),
      ...(args['save-stats'] && { saveStats: true }),
      ...(args['built-seconds'] !== undefined && { builtSeconds: Number(args['built-seconds']) }),
    };
    if (existsSync(join(sized, 'bench.db'))) await benchAtSize(measure);
    else {
      // Built here, measured in a process of its own: its memory is then a console's, with
      // the database open, not the build's.
      const built = await benchAtSize({ ...measure, buildOnly: true });
      const child = spawnSync(
        process.execPath,
        [
          fileURLToPath(import.meta.url),
          ...process.argv.slice(2),
          ...(args.dir === undefined ? ['--dir', sized] : []),
          '--built-seconds',
          String(Math.round((built as { buildSeconds: number }).buildSeconds)),
        ],
        { stdio: 'inherit' },
      );
      if (child.status !== 0) process.exitCode = child.status ?? 1;
    }
  } finally {
    if (args.dir === undefined) rmSync(sized, { recursive: true, force: true });
  }
  process.exit(process.exitCode ?? 0);
}

const CARDHOLDERS = 500;
const dir = mkdtempSync(join(tmpdir(), 'verify-desk-bench-'));
const dbPath = join(dir, 'bench.db');
const keyFile = join(dir, 'bench.key');

try {
  console.log(`Building a ${CARDHOLDERS}-cardholder demo database…`);
  await buildDemoDatabase({ dbPath, keyFile, cardholders: CARDHOLDERS });
  const io = createCliIo({ stdout: { write: () => true }, stderr: process.stderr, env: {} });
  for (const key of ['nameSearchesPerHour', 'searchMissesPerHour']) {
    const code = await deskAdmin(
      ['policy', 'set', '--db', dbPath, '--key-file', keyFile, '--key', key, '--value', '10000'],
      io,
    );
    if (code !== 0) throw new Error(`could not raise ${key} for the bench`);
  }
  const clock = manualClock(DEMO_EPOCH);
  const core = createDeskCore(deskCoreOptions({ dbPath, keyFile, clock, origin: 'bench' }));
  const agent = demoOperator('agent');
  await core.router.call('b', 'session.signIn', {
    username: agent.username,
    password: agent.password,
  });
  const person = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
  const card = person.cards[0]!;
  const raw = new Database(dbPath, { readonly: true });
  const rawSearch = raw.prepare(`
    SELECT c.public_id, c.brand, c.last4, h.name FROM cards c JOIN cardholders h ON h.id = c.cardholder_id
    WHERE c.last4 = ? AND h.id IN (SELECT cardholder_id FROM surname_keys WHERE key = ?) LIMIT 101`);
  const rawOpen = raw.prepare(`
    SELECT c.public_id, c.brand, c.last4, c.product, h.name, h.name_latin FROM cards c
    JOIN cardholders h ON h.id = c.cardholder_id WHERE c.public_id = ?`);
  const rawContacts = raw.prepare(
    'SELECT kind, masked, status FROM contact_points WHERE cardholder_id = (SELECT cardholder_id FROM cards WHERE public_id = ?)',
  );
  const surnameKey = foldSurname('Sato');
  /** Every sample must have done the real work: a refusal would measure nothing. */
  let samples = 0;
  let failed: string | null = null;
  const real = (result: Awaited<ReturnType<typeof core.router.call>>, what: string) => {
    if (!result.ok) {
      failed ??= `${what} was refused: ${result.error.reason}`;
      throw new Error(failed);
    }
    samples++;
    return result.value;
  };

  const bench = new Bench({ time: 1500, warmupTime: 300 });
  bench
    .add('search last 4 + surname · router', async () => {
      const found = real(
        await core.router.call('b', 'cards.search', {
          key: 'last4-surname',
          last4: card.last4,
          surname: 'Sato',
        }),
        'search',
      ) as { results: { cardId: string }[] };
      if (!found.results.some((r) => r.cardId === card.publicId))
        throw new Error('search: the card was not found');
    })
    .add('search last 4 + surname · raw SELECT', () => {
      rawSearch.all(card.last4, surnameKey);
    })
    .add('open card (same call) · router', async () => {
      const opened = real(
        await core.router.call('b', 'cards.open', { cardId: card.publicId }),
        'open',
      ) as { cardId: string };
      if (opened.cardId !== card.publicId) throw new Error('open: another card came back');
    })
    .add('open card · raw SELECTs', () => {
      rawOpen.get(card.publicId);
      rawContacts.all(card.publicId);
    });
  await bench.run();
  if (failed) throw new Error(`The bench measured no real work: ${failed}`);
  console.log(`${samples} router samples, every one returned data.`);

  const stats = (name: string) => {
    const result = bench.getTask(name)?.result;
    if (!result || !('latency' in result)) throw new Error(`${name}: no result`);
    return result;
  };
  const mean = (name: string) => stats(name).latency.mean;
  const rows = bench.tasks.map((task) => ({
    task: task.name,
    'mean µs': (mean(task.name) * 1000).toFixed(1),
    'ops/s': Math.round(stats(task.name).throughput.mean),
  }));
  console.table(rows);
  const ratio = (router: string, baseline: string) => (mean(router) / mean(baseline)).toFixed(1);
  console.log(
    `search: router / raw = ${ratio('search last 4 + surname · router', 'search last 4 + surname · raw SELECT')}×`,
  );
  console.log(
    `open:   router / raw = ${ratio('open card (same call) · router', 'open card · raw SELECTs')}×`,
  );
  raw.close();
  core.close();
  await benchImport();

  await benchAuditExplorer(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

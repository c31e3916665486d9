/**
 * `npm run bench -- --cardholders N --json FILE`: each console operation through the router
 * on a benchmark database of N cardholders, beside its limit — the same work as
 * hand-written better-sqlite3 on the same file: the bare indexed read, plus one fsync'd
 * insert where the operation writes an audit entry (durability is part of the limit, not
 * overhead; the insert goes to a table in a file beside the database, on the same disk,
 * since the console refuses a schema it did not make). Verification's limit is one scrypt
 * at the stored cost. Every router sample must return data: a refusal measures nothing.
 */
import Database from 'better-sqlite3';
import { scryptSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAuditTrail } from '../../main/core/audit/audit-trail.ts';
import { defaultAnchorPath } from '../../main/core/audit/checkpoint-anchor.ts';
import { runAuditVerification } from '../../main/core/audit/run-verification.ts';
import { manualClock, systemClock } from '../../main/core/clock.ts';
import { openDatabase } from '../../main/core/db/connection.ts';
import { createPolicyStore } from '../../main/core/policy/policy-store.ts';
import { recentSince } from '../../main/core/diagnosis/diagnose.ts';
import { lookupHashWith } from '../../main/core/crypto/lookup-hash.ts';
import { buildDemoDatabase, DEMO_EPOCH, DEMO_SEED } from '../../main/core/demo/build-demo.ts';
import { BULK_FROM, bulkPerson } from '../../main/core/demo/bulk-people.ts';
import { demoOperator } from '../../main/core/demo/demo-operators.ts';
import { demoScenarioPerson } from '../../main/core/demo/demo-people.ts';
import { createDeskCore } from '../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../main/core/desk-core-options.ts';
import { readKeyBinding } from '../../main/core/keys/database-key-binding.ts';
import { openKeyProvider } from '../../main/core/keys/open-key-provider.ts';
import { foldSurname } from '../../shared/names/fold-surname.ts';
import { sealWrites } from '../../test/helpers/sealed-writer.ts';
import { benchImport } from '../bench-import.ts';
import type { PaintReport } from './paint-bench.ts';
import { saveStat1 } from './plan-stats.ts';

/** The benchmark's verification cost: a million pairs in minutes (stored with each row). */
export const BENCH_VERIFICATION_COST = 'scrypt:ln=4,r=1,p=1';

export interface BenchResult {
  name: string;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  limitP50Ms: number;
  ratio: number;
}

export interface BenchReport {
  machine: { cpus: number; model: string; node: string; loadAverage: number[] };
  dataset: { cardholders: number; cards: number; attempts: number; auditEntries: number };
  build: { seconds: number };
  /** The measuring process's RSS with the database open, after a 10,000-attempt history read. */
  memory: { rssMb: number };
  results: BenchResult[];
  /** desk-admin import on generated files, lines per second by record type. */
  importLinesPerSecond: Record<string, number>;
  /** The renderer in Chromium through the harness and the real router (null: not measured). */
  renderer: PaintReport | null;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const round = (ms: number) => Math.round(ms * 10_000) / 10_000;

/** Times `fn` until `maxSamples` or `budgetMs`, after a short warm-up. */
async function time(fn: () => unknown, maxSamples: number, budgetMs: number): Promise<number[]> {
  for (let i = 0; i < Math.min(20, Math.ceil(maxSamples / 2)); i++) await fn();
  const samples: number[] = [];
  const end = performance.now() + budgetMs;
  const least = Math.min(5, maxSamples);
  while (samples.length < maxSamples && (samples.length < least || performance.now() < end)) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b);
}

/**
 * The bench's operators search thousands of times an hour: their budgets raised through the
 * policy store as desk-admin policy set does (audited), in one open of the database.
 */
export async function raiseBenchBudgets(dbPath: string, keyFile: string): Promise<void> {
  const budgets = {
    nameSearchesPerHour: 10_000,
    cardNumberSearchesPerHour: 10_000,
    customerRefSearchesPerHour: 10_000,
    searchMissesPerHour: 10_000,
    contactSearchesPerHour: 200,
  };
  const db = openDatabase(dbPath);
  const keys = openKeyProvider({ keyFile, ...readKeyBinding(db) });
  const audit = createAuditTrail(db, keys, defaultAnchorPath(dbPath), { clock: systemClock });
  const store = createPolicyStore(db, audit, { ...(keys.policyHead && { head: keys.policyHead }) });
  for (const [key, value] of Object.entries(budgets))
    await store.set({
      operatorId: null,
      username: null,
      origin: 'desk-admin@bench',
      at: systemClock.now(),
      key: key as keyof typeof budgets,
      value,
    });
  audit.anchorNow();
  db.close();
}

export async function benchAtSize(options: {
  dir: string;
  cardholders: number;
  json?: string;
  saveStats?: boolean;
  /** Build the database only (bench.ts then measures it in a process of its own). */
  buildOnly?: boolean;
  /** How long the build took, when another process made the database. */
  builtSeconds?: number;
}): Promise<BenchReport | { buildSeconds: number }> {
  const dbPath = join(options.dir, 'bench.db');
  mkdirSync(join(options.dir, 'keys'), { recursive: true, mode: 0o700 });
  const keyFile = join(options.dir, 'keys', 'bench.key');
  const started = performance.now();
  let lastShown = 0;
  if (existsSync(dbPath)) console.log(`Measuring the benchmark database already in ${dbPath}`);
  else {
    console.log(`Building a ${options.cardholders}-cardholder benchmark database…`);
    await build();
  }
  async function build() {
    await buildDemoDatabase({
      dbPath,
      keyFile,
      cardholders: options.cardholders,
      benchmark: { verificationCost: BENCH_VERIFICATION_COST },
      onProgress: (written, total) => {
        if (written - lastShown >= total / 10 || written === total) {
          lastShown = written;
          console.log(
            `  ${written}/${total} cardholders, ${((performance.now() - started) / 1000).toFixed(0)} s`,
          );
        }
      },
    });
  }
  const buildSeconds = options.builtSeconds ?? (performance.now() - started) / 1000;
  if (options.buildOnly) return { buildSeconds };
  await raiseBenchBudgets(dbPath, keyFile);

  // A database measured before holds that run's searches in its trail: the clock starts an
  // hour after the last of them, so the budgets count this run's searches only.
  const lastSearch = (() => {
    const db = new Database(dbPath, { readonly: true });
    try {
      const at = db
        .prepare(
          "SELECT max(at) FROM audit_log WHERE origin LIKE '%bench%' AND action = 'card.search'",
        )
        .pluck()
        .get() as string | null;
      return at ? Date.parse(at) : 0;
    } finally {
      db.close();
    }
  })();
  const clock = manualClock(
    new Date(Math.max(Date.parse(DEMO_EPOCH), lastSearch + 3_600_000 + 1000)),
  );
  const core = createDeskCore(deskCoreOptions({ dbPath, keyFile, clock, origin: 'bench' }));
  const agent = demoOperator('agent');
  const lead = demoOperator('lead');
  const signIn = async (window: string, who: { username: string; password: string }) => {
    const result = await core.router.call(window, 'session.signIn', {
      username: who.username,
      password: who.password,
    });
    if (!result.ok) throw new Error(`${who.username} could not sign in: ${result.error.reason}`);
  };
  await signIn('b', agent);
  await signIn('lead', lead);

  const raw = new Database(dbPath, { readonly: true });
  const keys = openKeyProvider({ keyFile, ...readKeyBinding(raw) });
  const lookup = keys.current('lookup');
  // The fsync'd insert of the limit: WAL, synchronous=FULL, as the console commits.
  const sink = new Database(join(options.dir, 'limit.db'));
  sink.pragma('journal_mode = WAL');
  sink.pragma('synchronous = FULL');
  sink.exec('CREATE TABLE IF NOT EXISTS entry (id INTEGER PRIMARY KEY, at TEXT, details TEXT)');
  const insert = sink.prepare('INSERT INTO entry (at, details) VALUES (?, ?)');
  const fsyncInsert = () => insert.run(new Date().toISOString(), '{"key":"bench"}');

  const person = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
  const card = person.cards[0]!;
  const longCard = demoScenarioPerson(DEMO_SEED, 'long-history').cards[0]!;
  const surname = 'Sato';
  const select = `SELECT c.id, c.public_id, c.cardholder_id, c.brand, c.last4, c.product, h.name,
      h.name_latin, h.name_kana, h.preferred_language
    FROM cards c JOIN cardholders h ON h.id = c.cardholder_id`;
  const order = 'ORDER BY h.name_latin, c.id LIMIT 101';
  const rawLast4 = raw.prepare(`${select} WHERE c.last4 = ? AND EXISTS (
      SELECT 1 FROM surname_keys s WHERE s.key = ? AND s.cardholder_id = c.cardholder_id) ${order}`);
  const rawRef = raw.prepare(`${select} WHERE h.customer_ref = ? ${order}`);
  const rawPan = raw.prepare(`${select} WHERE c.pan_hash IN (?) ${order}`);
  const rawContact = raw.prepare(`${select} WHERE h.id IN (SELECT cardholder_id FROM contact_points
      WHERE kind = ? AND value_hash IN (?)) ${order}`);
  const rawCard = raw.prepare(`${select} WHERE c.public_id = ?`);
  const rawContacts = raw.prepare(
    'SELECT kind, masked, status, updated_at, value_changed_at FROM contact_points WHERE cardholder_id = ?',
  );
  const rawLocks = raw.prepare('SELECT * FROM lockouts WHERE card_id = ? ORDER BY since DESC');
  // What the lock status's decision reads beside the lock: the latest reset, a request, the
  // policy, the caller's verification in the call, fraud in the recent history, the contacts.
  const rawVerifiedInCall = raw.prepare(
    "SELECT max(at) FROM verification_attempts WHERE call_id = ? AND result = 'verified'",
  );
  const rawFraud = raw.prepare(
    "SELECT EXISTS (SELECT 1 FROM auth_attempts WHERE card_id = ? AND at >= ? AND trans_status_reason IN ('10', '11'))",
  );
  const rawResets = raw.prepare(
    'SELECT * FROM resets WHERE card_id = ? ORDER BY requested_at DESC LIMIT 1',
  );
  const rawApprovals = raw.prepare(
    "SELECT * FROM approval_requests WHERE card_id = ? AND state = 'pending'",
  );
  const rawPolicy = raw.prepare('SELECT * FROM policy');
  const rawHistory = raw.prepare('SELECT * FROM auth_attempts WHERE card_id = ? ORDER BY at DESC');
  const rawFacts = raw.prepare(
    'SELECT pair_hash, salt, cost FROM verification_facts WHERE cardholder_id = ?',
  );
  const idOf = (publicId: string) =>
    (raw.prepare('SELECT id, cardholder_id FROM cards WHERE public_id = ?').get(publicId) as {
      id: number;
      cardholder_id: number;
    })!;
  const cardRow = idOf(card.publicId);
  const longRow = idOf(longCard.publicId);
  const panHash = lookupHashWith(lookup, 'pan', card.pan);
  const mobileHash = lookupHashWith(lookup, 'mobile', person.mobile!);
  const emailHash = lookupHashWith(lookup, 'email', person.email!);

  let failed: string | null = null;
  const real = async (
    window: string,
    channel: Parameters<typeof core.router.call>[1],
    input: unknown,
    check: (value: never) => boolean,
  ) => {
    const result = await core.router.call(window, channel, input as never);
    if (!result.ok) failed ??= `${channel} was refused: ${result.error.reason}`;
    else if (!check(result.value as never)) failed ??= `${channel} returned no data`;
    if (failed) throw new Error(failed);
  };
  const found = (v: { results: { cardId: string }[] }) =>
    v.results.some((r) => r.cardId === card.publicId);

  // Found and opened once in the agent's call: open, lock status, history and verification
  // need it (a card is opened only after a search handed it out).
  await real('b', 'cards.search', { key: 'customer-ref', customerRef: person.customerRef }, found);
  await real('b', 'cards.open', { cardId: card.publicId }, () => true);
  const callRow = raw
    .prepare('SELECT id FROM calls WHERE card_id = ? AND ended_at IS NULL ORDER BY id DESC LIMIT 1')
    .get(cardRow.id) as { id: number };
  const recentFrom = recentSince(clock.now()).toISOString();

  const operations: {
    name: string;
    router: () => Promise<unknown>;
    limit: () => unknown;
    samples?: number;
  }[] = [
    {
      name: 'search last 4 + surname',
      router: () =>
        real('b', 'cards.search', { key: 'last4-surname', last4: card.last4, surname }, found),
      limit: () => (rawLast4.all(card.last4, foldSurname(surname)), fsyncInsert()),
    },
    {
      name: 'search customer ref',
      router: () =>
        real('b', 'cards.search', { key: 'customer-ref', customerRef: person.customerRef }, found),
      limit: () => (rawRef.all(person.customerRef), fsyncInsert()),
    },
    {
      name: 'search card number',
      router: () => real('b', 'cards.search', { key: 'card-number', number: card.pan }, found),
      limit: () => (rawPan.all(panHash), fsyncInsert()),
    },
    {
      name: 'search mobile',
      router: () => real('b', 'cards.search', { key: 'mobile', mobile: person.mobile! }, found),
      limit: () => (rawContact.all('mobile', mobileHash), fsyncInsert()),
      // Contact searches are capped at 200 an hour by policy: both keys share 180 samples.
      samples: 70,
    },
    {
      name: 'search email',
      router: () => real('b', 'cards.search', { key: 'email', email: person.email! }, found),
      limit: () => (rawContact.all('email', emailHash), fsyncInsert()),
      samples: 70,
    },
    {
      name: 'open card',
      router: () =>
        real(
          'b',
          'cards.open',
          { cardId: card.publicId },
          (v: { cardId: string }) => v.cardId === card.publicId,
        ),
      limit: () => (
        rawCard.get(card.publicId),
        rawContacts.all(cardRow.cardholder_id),
        rawLocks.all(cardRow.id),
        fsyncInsert()
      ),
    },
    {
      name: 'lock status',
      router: () => real('b', 'lockout.status', { cardId: card.publicId }, () => true),
      limit: () => (
        rawLocks.all(cardRow.id),
        rawResets.get(cardRow.id),
        rawApprovals.all(cardRow.id),
        rawPolicy.all(),
        rawVerifiedInCall.get(callRow.id),
        rawFraud.get(cardRow.id, recentFrom),
        rawContacts.all(cardRow.cardholder_id)
      ),
    },
    {
      name: 'history (a few attempts)',
      router: () =>
        real(
          'b',
          'cards.history',
          { cardId: card.publicId, period: 'all', outcome: 'all' },
          (v: { attempts: unknown[] }) => v.attempts.length > 0,
        ),
      limit: () => (rawHistory.all(cardRow.id), fsyncInsert()),
    },
    {
      name: 'verification (one scrypt)',
      router: () =>
        real(
          'b',
          'caller.verify',
          { cardId: card.publicId, dob: person.dob, postcode: person.postcode },
          () => true,
        ),
      limit: () => {
        const facts = rawFacts.get(cardRow.cardholder_id) as { salt: Buffer };
        scryptSync('x', facts.salt, 32, { N: 16, r: 1, p: 1 });
        fsyncInsert();
      },
    },
  ];

  const results: BenchResult[] = [];
  const measure = async (
    name: string,
    router: () => Promise<unknown>,
    limit: () => unknown,
    samples = 1000,
    budget = 2000,
  ) => {
    const routed = await time(router, samples, budget);
    record(name, routed, await time(limit, samples, budget));
  };
  /** A result from samples timed by hand (operations that need a fresh call each). */
  const record = (name: string, routedSamples: number[], limitSamples: number[]) => {
    const routed = [...routedSamples].sort((a, b) => a - b);
    const limited = [...limitSamples].sort((a, b) => a - b);
    const result: BenchResult = {
      name,
      samples: routed.length,
      p50Ms: round(quantile(routed, 0.5)),
      p99Ms: round(quantile(routed, 0.99)),
      limitP50Ms: round(quantile(limited, 0.5)),
      ratio: Math.round((quantile(routed, 0.5) / quantile(limited, 0.5)) * 100) / 100,
    };
    results.push(result);
    console.log(
      `  ${name.padEnd(34)} p50 ${result.p50Ms.toFixed(3)} ms  p99 ${result.p99Ms.toFixed(3)} ms  limit ${result.limitP50Ms.toFixed(3)} ms  ${result.ratio}×`,
    );
  };
  for (const op of operations) await measure(op.name, op.router, op.limit, op.samples);

  // The 10,000-attempt history, opened in its own call (a new agent window).
  await signIn('long', agent);
  const longPerson = demoScenarioPerson(DEMO_SEED, 'long-history');
  await real(
    'long',
    'cards.search',
    { key: 'customer-ref', customerRef: longPerson.customerRef },
    () => true,
  );
  await real('long', 'cards.open', { cardId: longCard.publicId }, () => true);
  await measure(
    'history (10,000 attempts)',
    () =>
      real(
        'long',
        'cards.history',
        { cardId: longCard.publicId, period: 'all', outcome: 'all' },
        (v: { attempts: unknown[] }) => v.attempts.length >= 10_000,
      ),
    () => (rawHistory.all(longRow.id), fsyncInsert()),
    200,
    3000,
  );
  const rssMb = Math.round(process.memoryUsage().rss / 1_048_576);

  // Verification from scratch in each sample (a new call: its limit is one scrypt), and the
  // wrap-up that ends the call before it; the search and open between them are not timed.
  {
    const verified: number[] = [];
    const wrapped: number[] = [];
    const scrypts: number[] = [];
    const wrapLimits: number[] = [];
    const facts = rawFacts.get(cardRow.cardholder_id) as { salt: Buffer };
    for (let i = 0; i < 60; i++) {
      let started = performance.now();
      await real(
        'b',
        'calls.wrapUp',
        { cardId: card.publicId, outcome: 'resolved-advice', note: 'Advised the caller.' },
        () => true,
      );
      wrapped.push(performance.now() - started);
      await real(
        'b',
        'cards.search',
        { key: 'customer-ref', customerRef: person.customerRef },
        found,
      );
      await real('b', 'cards.open', { cardId: card.publicId }, () => true);
      started = performance.now();
      await real(
        'b',
        'caller.verify',
        { cardId: card.publicId, dob: person.dob, postcode: person.postcode },
        (v: { status: string }) => v.status === 'verified',
      );
      verified.push(performance.now() - started);
      started = performance.now();
      scryptSync('x', facts.salt, 32, { N: 16, r: 1, p: 1 });
      fsyncInsert();
      scrypts.push(performance.now() - started);
      started = performance.now();
      fsyncInsert();
      wrapLimits.push(performance.now() - started);
    }
    record('verification (new call, one scrypt)', verified, scrypts);
    record('wrap-up', wrapped, wrapLimits);
  }

  // Reset with its outbox: each sample a bulk card locked for it (by the ACS's feed, sealed,
  // not timed), found, opened and its caller verified in a call of its own (not timed), then
  // the reset through the router: the reads its decision needs, then three commits — the
  // reset with its audit entry and outbox row, the ACS clearing the lock (the embedded ACS
  // writes the same file), the outbox's answer with its audit entry.
  if (options.cardholders > BULK_FROM) {
    const feed = new Database(dbPath);
    sealWrites(feed, dbPath, keyFile);
    const lockFeed = feed.prepare(
      `INSERT INTO lockouts (card_id, cause, since, until)
       SELECT id, 'wrong_codes', ?, ? FROM cards WHERE public_id = ?`,
    );
    const lockedNow = raw.prepare(
      `SELECT count(*) FROM lockouts l JOIN cards c ON c.id = l.card_id
       WHERE c.public_id = ? AND l.cleared_at IS NULL`,
    );
    const rawVerified = raw.prepare(
      "SELECT max(at) FROM verification_attempts WHERE card_id = ? AND result = 'verified'",
    );
    const resetTimes: number[] = [];
    const resetLimits: number[] = [];
    type Status = { allowed: boolean; escalation: string[]; reset: { state: string } | null };
    const wanted = 40;
    let openInReset: string | null = null;
    await signIn('reset', agent);
    for (let index = options.cardholders - 1; index >= BULK_FROM; index--) {
      if (resetTimes.length >= wanted) break;
      const bulk = bulkPerson(DEMO_SEED, index);
      const bulkCard = bulk.cards[0]!;
      if ((lockedNow.pluck().get(bulkCard.publicId) as number) > 0) continue;
      const at = clock.now().getTime();
      lockFeed.run(
        new Date(at - 60_000).toISOString(),
        new Date(at + 3_600_000).toISOString(),
        bulkCard.publicId,
      );
      if (openInReset)
        await real(
          'reset',
          'calls.wrapUp',
          { cardId: openInReset, outcome: 'resolved-reset', note: 'Reset the lock.' },
          () => true,
        );
      openInReset = bulkCard.publicId;
      await real(
        'reset',
        'cards.search',
        { key: 'customer-ref', customerRef: bulk.customerRef },
        (v: { results: { cardId: string }[] }) =>
          v.results.some((r) => r.cardId === bulkCard.publicId),
      );
      await real('reset', 'cards.open', { cardId: bulkCard.publicId }, () => true);
      await real(
        'reset',
        'caller.verify',
        { cardId: bulkCard.publicId, dob: bulk.dob, postcode: bulk.postcode },
        (v: { status: string }) => v.status === 'verified',
      );
      // A card whose reset would go to a team lead (a contact changed lately) is not this row.
      const status = await core.router.call('reset', 'lockout.status', {
        cardId: bulkCard.publicId,
      });
      if (!status.ok) throw new Error(`lockout.status was refused: ${status.error.reason}`);
      const before = status.value as Status;
      if (!before.allowed || before.escalation.length > 0) continue;
      const started = performance.now();
      await real(
        'reset',
        'lockout.reset',
        {
          cardId: bulkCard.publicId,
          reason: 'cardholder-mistyped-code',
          note: 'Verified the caller; reset the lock.',
        },
        (v: Status) => v.reset?.state === 'applied',
      );
      resetTimes.push(performance.now() - started);
      const cardIds = idOf(bulkCard.publicId);
      const limitStarted = performance.now();
      rawLocks.all(cardIds.id);
      rawResets.get(cardIds.id);
      rawApprovals.all(cardIds.id);
      rawPolicy.all();
      rawVerified.get(cardIds.id);
      fsyncInsert();
      fsyncInsert();
      fsyncInsert();
      resetLimits.push(performance.now() - limitStarted);
    }
    feed.close();
    if (resetTimes.length < 5) throw new Error('The bench found too few bulk cards to reset.');
    record('reset with its outbox', resetTimes, resetLimits);
  }

  // The audit explorer as a lead: the first page, and a page deep in the trail; each read is
  // audited, so its limit is the bare page plus one fsync'd insert.
  {
    const page = 100;
    const listed = (input: object) =>
      real('lead', 'audit.list', input, (v: { entries: unknown[] }) => v.entries.length === page);
    const select = `SELECT a.seq, a.at, a.operator_id, a.username, o.display_name, a.origin, a.action,
        a.result, a.subject_type, a.subject_id, a.details
      FROM audit_log a LEFT JOIN operators o ON o.id = a.operator_id`;
    const rawFirst = raw.prepare(`${select} ORDER BY a.seq DESC LIMIT ?`);
    const rawNext = raw.prepare(`${select} WHERE a.seq < ? ORDER BY a.seq DESC LIMIT ?`);
    const entries = (raw.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number) ?? 0;
    const deep = () => page + 1 + Math.floor(Math.random() * Math.max(1, entries - 2 * page));
    await measure(
      'audit explorer first page',
      () => listed({ filter: {}, limit: page }),
      () => (rawFirst.all(page + 1), fsyncInsert()),
      300,
    );
    await measure(
      'audit explorer next page (deep)',
      () => listed({ filter: {}, before: deep(), limit: page }),
      () => (rawNext.all(deep(), page + 1), fsyncInsert()),
      300,
    );
  }

  // The renderer's paint timings in Chromium, through the harness and this core's router
  // (Playwright loaded only now: the RSS above is the console's, not the browser driver's).
  const { benchPaint } = await import('./paint-bench.ts');
  const renderer = await benchPaint({
    target: { call: (callerId, channel, payload) => core.router.call(callerId, channel, payload) },
    agent,
    card: { customerRef: person.customerRef, cardId: card.publicId },
    longCard: { customerRef: longPerson.customerRef, cardId: longCard.publicId },
  });
  if (renderer) {
    const { searchToResults: s, openToWorkspace: o, historyScroll: h } = renderer;
    console.log(
      `  renderer: search → results painted p50 ${s.p50Ms} ms p95 ${s.p95Ms} ms; open → workspace painted p50 ${o.p50Ms} ms p95 ${o.p95Ms} ms; 10,000-row history scrolled in ${h.frames} frames, longest ${h.maxFrameMs} ms, ${h.framesOver50Ms} over 50 ms`,
    );
  }

  // Audit verify of the whole trail from entry 1, against the bare scan of its MAC column:
  // first the chain alone (what the trail watch's full pass checks, and what the 3 s target measures), then
  // as the lead's button runs it, with every sealed row of the database checked beside it.
  const rawMacs = raw.prepare('SELECT seq, mac FROM audit_log ORDER BY seq');
  await measure(
    'audit verify (chain from entry 1)',
    async () => {
      const result = await runAuditVerification({
        dbPath,
        anchorPath: defaultAnchorPath(dbPath),
        keys,
        checkDatabase: false,
      });
      if (!['intact', 'unanchored-tail'].includes(result.status) || result.entriesChecked < 1000)
        throw new Error(`The trail did not verify: ${result.status}`);
    },
    () => {
      for (const row of rawMacs.iterate()) void row;
    },
    3,
    1,
  );
  await measure(
    'audit verify (whole trail)',
    () =>
      real(
        'lead',
        'audit.verify',
        {},
        // The whole chain checked; the newest entries may wait for their checkpoint.
        (v: { status: string; entriesChecked: number }) =>
          ['intact', 'unanchored-tail'].includes(v.status) && v.entriesChecked > 1000,
      ),
    () => {
      for (const row of rawMacs.iterate()) void row;
    },
    2,
    1,
  );

  // The importer on generated files (a database of its own): lines per second by record type.
  const importLinesPerSecond = Object.fromEntries(
    Object.entries(await benchImport()).map(([type, rate]) => [type, Math.round(rate)]),
  );

  const count = (sql: string) => (raw.prepare(sql).get() as { n: number }).n;
  const report: BenchReport = {
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      loadAverage: (await import('node:os')).loadavg().map((l) => Math.round(l * 100) / 100),
    },
    dataset: {
      cardholders: count('SELECT count(*) AS n FROM cardholders'),
      cards: count('SELECT count(*) AS n FROM cards'),
      attempts: count('SELECT count(*) AS n FROM auth_attempts'),
      auditEntries: count('SELECT max(seq) AS n FROM audit_log'),
    },
    build: { seconds: Math.round(buildSeconds) },
    memory: { rssMb },
    results,
    importLinesPerSecond,
    renderer,
  };
  raw.close();
  sink.close();
  core.close();
  if (options.saveStats) {
    const db = new Database(dbPath, { readonly: true });
    saveStat1(db);
    db.close();
  }
  if (failed) throw new Error(`The bench measured no real work: ${failed}`);
  if (options.json) writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `${report.dataset.cardholders} cardholders, ${report.dataset.cards} cards, ${report.dataset.attempts} attempts, ${report.dataset.auditEntries} audit entries; built in ${report.build.seconds} s; RSS ${rssMb} MB`,
  );
  return report;
}

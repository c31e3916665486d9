/**
 * `npm run load-test [-- --consoles 200 --seconds 60]`: a bounded load test of the desk
 * server on loopback. A demo database in a temporary folder gets one agent per simulated
 * console; the server runs as its own process (so its RSS is its own); each console signs
 * in and runs the agent flow at a person's pace (search, open, verify, history, wrap-up; a
 * reset on the locked card some of them have) until the time is up. Prints p50/p99 per
 * channel, errors and refusals, and the server's peak RSS, as the table docs/PERFORMANCE.md
 * holds. Not part of `npm test`. Everything stops by itself; the folder is removed.
 */
import Database from 'better-sqlite3';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connectToServer } from '../main/connected/server-connection.ts';
import { createAuditTrail } from '../main/core/audit/audit-trail.ts';
import { systemClock } from '../main/core/clock.ts';
import { openDatabase } from '../main/core/db/connection.ts';
import { buildDemoDatabase, DEMO_SEED } from '../main/core/demo/build-demo.ts';
import { demoPeople, type DemoPerson } from '../main/core/demo/demo-people.ts';
import { keyFileAnchorHead } from '../main/core/keys/anchor-head.ts';
import { openKeyFile } from '../main/core/keys/key-file.ts';
import { createOperatorStore } from '../main/core/operators/operator-store.ts';
import { hashPassword } from '../main/core/operators/password.ts';
import { serveDatabase } from '../main/server/serve.ts';
import { sealWrites } from '../test/helpers/sealed-writer.ts';
import { TEST_PASSWORD_COST } from '../test/helpers/test-password-cost.ts';
import { loopbackServerCerts } from './lib/dev-certs.ts';

const SELF = fileURLToPath(import.meta.url);
const PASSWORD = 'load-test-password-2026';

// The server half: this file run as a child with --serve.
if (process.argv.includes('--serve')) {
  const [dbPath, keyFile, certsJson] = process.argv.slice(-3) as [string, string, string];
  const { server } = JSON.parse(certsJson) as { server: { cert: string; key: string } };
  const running = await serveDatabase({
    dbPath,
    keyFile,
    host: '127.0.0.1',
    port: 0,
    tls: server,
    clock: systemClock,
    // The agents were made at the tests' cost; a sign-in at full cost is a shift's first minute.
    passwordCost: TEST_PASSWORD_COST,
    logInternal: (line) => console.error(`[server] ${line}`),
    // Every simulated console calls from loopback, one address: no per-peer limit applies.
    peerLimits: {
      signIn: { burst: 1_000_000, perSecond: 1_000_000 },
      calls: { burst: 1_000_000, perSecond: 1_000_000 },
    },
  });
  process.send!({ url: running.server.url });
  process.on('message', () => void running.stop().then(() => process.exit(0)));
} else {
  await main();
}

async function main() {
  const { values } = parseArgs({
    options: {
      consoles: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '60' },
      'think-ms': { type: 'string', default: '1500' },
    },
  });
  const consoles = Number(values.consoles);
  const seconds = Number(values.seconds);
  const thinkMs = Number(values['think-ms']);
  const dir = mkdtempSync(join(tmpdir(), 'verify-desk-load-'));
  const dbPath = join(dir, 'desk.db');
  const keyFile = join(dir, 'desk.key');
  let server: ChildProcess | undefined;
  try {
    const cardholders = Math.ceil(consoles * 1.35) + 20;
    console.log(`Building a demo database of ${cardholders} cardholders and ${consoles} agents…`);
    await buildDemoDatabase({ dbPath, keyFile, cardholders, now: new Date() });
    const people = demoPeople(DEMO_SEED, cardholders).filter((p) => p.scenario === 'ordinary');
    if (people.length < consoles) throw new Error('not enough ordinary cardholders');
    await addAgents(dbPath, keyFile, consoles);
    lockEveryFourth(dbPath, keyFile, people.slice(0, consoles));

    const certs = await loopbackServerCerts();
    server = fork(SELF, ['--serve', dbPath, keyFile, JSON.stringify(certs)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      server!.once('message', (m: { url: string }) => resolve(m.url));
      server!.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(server!.pid!))), 500);

    const latencies = new Map<string, number[]>();
    const problems: string[] = [];
    const deadline = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      people.slice(0, consoles).map((person, i) =>
        runConsole(i, person, url, certs.ca, {
          deadline,
          thinkMs,
          latencies,
          problems,
          reset: i % 4 === 0,
        }),
      ),
    );
    clearInterval(sampler);
    const elapsed = (performance.now() - started) / 1000;
    report(latencies, problems, peakRss, consoles, elapsed);
    server.send('stop');
    await new Promise((resolve) => server!.once('exit', resolve));
    server = undefined;
    if (problems.length > 0) process.exitCode = 1;
  } finally {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

async function addAgents(dbPath: string, keyFile: string, count: number) {
  const keys = { ...openKeyFile(keyFile), anchorHead: keyFileAnchorHead(keyFile) };
  const db = openDatabase(dbPath);
  try {
    const audit = createAuditTrail(db, keys, `${dbPath}.anchors`, { clock: systemClock });
    const operators = createOperatorStore(db, audit, keys);
    const hash = await hashPassword(PASSWORD, keys, undefined, TEST_PASSWORD_COST);
    for (let i = 0; i < count; i++) {
      await operators.create({
        operatorId: null,
        username: null,
        origin: 'load-test',
        at: new Date(),
        newUsername: `load.agent.${i}`,
        displayName: `Load Agent ${letters(i)}`,
        role: 'agent',
        passwordHash: hash,
      });
    }
    audit.anchorNow();
  } finally {
    db.close();
  }
}

/** A person's name holds no digits: 0 → A, 25 → Z, 26 → AA… */
function letters(n: number): string {
  let text = '';
  for (let rest = n + 1; rest > 0; rest = Math.floor((rest - 1) / 26))
    text = String.fromCharCode(65 + ((rest - 1) % 26)) + text;
  return text;
}

function lockEveryFourth(dbPath: string, keyFile: string, people: DemoPerson[]) {
  const db = new Database(dbPath);
  try {
    sealWrites(db, dbPath, keyFile);
    const lock = db.prepare(
      `INSERT INTO lockouts (card_id, cause, since, until)
       SELECT id, 'wrong_codes', ?, ? FROM cards WHERE public_id = ?`,
    );
    const now = Date.now();
    people.forEach((p, i) => {
      if (i % 4 === 0)
        lock.run(
          new Date(now - 60_000).toISOString(),
          new Date(now + 3_600_000).toISOString(),
          p.cards[0]!.publicId,
        );
    });
  } finally {
    db.close();
  }
}

async function runConsole(
  index: number,
  person: DemoPerson,
  url: string,
  ca: string,
  run: {
    deadline: number;
    thinkMs: number;
    latencies: Map<string, number[]>;
    problems: string[];
    reset: boolean;
  },
) {
  const connection = connectToServer({
    server: url,
    ca,
    consoleHost: `LOAD-${index}`,
    onEvent: () => undefined,
  });
  const think = () =>
    new Promise((resolve) => setTimeout(resolve, run.thinkMs * (0.5 + Math.random())));
  const call = async (channel: string, payload: unknown) => {
    const start = performance.now();
    const result = await connection.call(channel, payload);
    const took = performance.now() - start;
    const list = run.latencies.get(channel) ?? [];
    list.push(took);
    run.latencies.set(channel, list);
    if (!result.ok) run.problems.push(`${channel}: ${result.error.code} ${result.error.reason}`);
    return result;
  };
  try {
    // Consoles come in over the first few seconds, as a shift does.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 5_000));
    await call('session.signIn', { username: `load.agent.${index}`, password: PASSWORD });
    const cardId = person.cards[0]!.publicId;
    let resetDone = !run.reset;
    while (performance.now() < run.deadline) {
      await think();
      await call('cards.search', { key: 'customer-ref', customerRef: person.customerRef });
      await think();
      await call('cards.open', { cardId });
      await think();
      await call('caller.verify', { cardId, dob: person.dob, postcode: person.postcode });
      await think();
      await call('cards.history', { cardId, period: '7d', outcome: 'all' });
      if (!resetDone) {
        await think();
        await call('lockout.reset', {
          cardId,
          reason: 'cardholder-mistyped-code',
          note: 'Load test: the caller mistyped the code.',
        });
        resetDone = true;
      }
      await think();
      await call('calls.wrapUp', { cardId, outcome: 'other', note: 'Load test call.' });
    }
    await call('session.signOut', {});
  } finally {
    connection.close();
  }
}

function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/u.exec(status)?.[1] ?? 0);
    return kb * 1024;
  } catch {
    return 0;
  }
}

function report(
  latencies: Map<string, number[]>,
  problems: string[],
  peakRss: number,
  consoles: number,
  seconds: number,
) {
  const pct = (sorted: number[], p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]!;
  let total = 0;
  const lines = ['| channel | calls | p50 (ms) | p99 (ms) |', '| --- | ---: | ---: | ---: |'];
  for (const [channel, list] of [...latencies].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = [...list].sort((a, b) => a - b);
    total += sorted.length;
    lines.push(
      `| \`${channel}\` | ${sorted.length} | ${pct(sorted, 0.5).toFixed(1)} | ${pct(sorted, 0.99).toFixed(1)} |`,
    );
  }
  console.log(
    `\n${consoles} consoles for ${seconds.toFixed(0)} s: ${total} calls (${(total / seconds).toFixed(0)}/s)`,
  );
  console.log(lines.join('\n'));
  console.log(`\nServer peak RSS: ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
  console.log(`Errors and refusals: ${problems.length}`);
  for (const problem of problems.slice(0, 10)) console.log(`  ${problem}`);
}

/**
 * Builds a demo database: deterministic from a seed (keys derived from it, a fixed clock),
 * with Japanese and English cardholders and the scenarios a call centre meets, and one demo
 * operator per role. Clear test values live only in memory while building; the database
 * gets masked values and keyed or salted hashes, as a real one would.
 */
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { createAcsSettingsStore } from '../acs/acs-settings.ts';
import { createAuditTrail, type AuditTrail } from '../audit/audit-trail.ts';
import { hmacKey } from '../crypto/hmac-key.ts';
import { openDatabase, type Db } from '../db/connection.ts';
import { DatabaseOpenError } from '../db/errors.ts';
import { markBenchmarkDatabase } from '../db/benchmark-mark.ts';
import { recordDatabaseIdentity } from '../db/database-info.ts';
import { runImport } from '../import/importer.ts';
import { createKeyFile } from '../keys/key-file.ts';
import { keyFileNotes, keyStoreRecords } from '../keys/key-notes.ts';
import { deriveKeySet, keySetProvider } from '../keys/key-set.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { hashPassword, type PasswordCost } from '../operators/password.ts';
import { createOperatorStore } from '../operators/operator-store.ts';
import { DEMO_OPERATORS } from './demo-operators.ts';
import { demoPeople, type DemoPerson } from './demo-people.ts';
import { demoAttempts } from './demo-attempts.ts';
import { demoImportFile, type DemoImportFile } from './demo-import-file.ts';
import type { BulkFileDone, BulkFileJob } from './bulk-file-worker.ts';
import { BULK_FROM } from './bulk-people.ts';
import {
  sharedPairHashPool,
  type PairHashPool,
  type PairToHash,
} from '../verification/pair-hash-pool.ts';
import { isVerificationCost, VERIFICATION_COST } from '../verification/verification-hash.ts';

/** The default seed and clock: the same database for everyone who runs the demo. */
export const DEMO_SEED = 'verify-desk-demo';
export const DEMO_EPOCH = '2026-11-20T01:00:00.000Z';
export const DEMO_CARDHOLDERS = 200;

export interface BuildDemoOptions {
  dbPath: string;
  keyFile: string;
  seed?: string;
  cardholders?: number;
  /** The demo's "now": lockouts and histories are placed relative to it. */
  now?: Date;
  /** The operators' password hashing cost; tests lower it (the default is OWASP's minimum). */
  passwordCost?: PasswordCost;
  /**
   * A benchmark database: marked as one when it is made (the console labels it), and only
   * then may its verification pairs be hashed at a lower `verificationCost` — so that a
   * million of them take minutes, not days. The cost is stored with each row as always.
   */
  benchmark?: { verificationCost: string };
  /** How far the build has got, in cardholders written. */
  onProgress?: (written: number, total: number) => void;
}

export interface DemoSummary {
  cardholders: number;
  cards: number;
  lockouts: number;
  contacts: number;
  attempts: number;
  operators: number;
}

export async function buildDemoDatabase(options: BuildDemoOptions): Promise<DemoSummary> {
  if (existsSync(options.dbPath)) {
    throw new DatabaseOpenError(
      'already-exists',
      `"${options.dbPath}" already exists; a demo database is always made new.`,
    );
  }
  const cost = options.benchmark?.verificationCost ?? VERIFICATION_COST;
  if (!isVerificationCost(cost))
    throw new Error(`"${cost}" is not a verification cost (scrypt:ln=..,r=..,p=..).`);
  const seed = options.seed ?? DEMO_SEED;
  const now = options.now ?? new Date(DEMO_EPOCH);
  const count = options.cardholders ?? DEMO_CARDHOLDERS;
  const keySet = deriveKeySet(seed);
  createKeyFile(options.keyFile, keySet);
  const keys = {
    ...keySetProvider(keySet, `key file "${options.keyFile}"`),
    ...keyStoreRecords(keyFileNotes(options.keyFile)),
  };

  const db = openDatabase(options.dbPath, { create: true });
  // A large demo writes millions of rows into indexes keyed at random (hashes, public ids):
  // a page cache of 256 MB for this connection keeps them in memory while they are built.
  if (count > BULK_FROM) db.pragma('cache_size = -262144');
  try {
    const audit = createAuditTrail(db, keys, `${options.dbPath}.anchors`, {
      clock: { now: () => now },
    });
    db.transaction(() => {
      recordDatabaseIdentity(db, {
        databaseId: `demo-${seedDigest(seed, 'database-id').slice(0, 16)}`,
        keys,
      });
      db.prepare("INSERT INTO database_info (key, value) VALUES ('demo', 'true')").run();
      if (options.benchmark) markBenchmarkDatabase(db, keys, cost);
    })();

    const operators = createOperatorStore(db, audit, keys);
    for (const operator of DEMO_OPERATORS) {
      // Salt derived from the seed so the same seed gives byte-identical tables.
      const salt = Buffer.from(seedDigest(seed, `salt:${operator.username}`).slice(0, 32), 'hex');
      await operators.create({
        operatorId: null,
        username: null,
        origin: 'desk-admin demo',
        at: now,
        newUsername: operator.username,
        displayName: operator.displayName,
        role: operator.role,
        passwordHash: await hashPassword(operator.password, keys, salt, options.passwordCost),
      });
    }

    // A demo's lockouts and attempts are the embedded ACS's own (there is no issuer's ACS
    // behind them): marked a training database, it may use the embedded gateway although its
    // lockouts came in through the importer with the ACS's ids, as a real feed's do.
    createAcsSettingsStore(db, keys).markTraining(
      audit,
      { at: now, origin: 'desk-admin demo', operatorId: null, username: null },
      true,
    );
    const context: DemoContext = { db, audit, keys, seed, now, count };
    const people = demoPeople(seed, Math.min(count, BULK_FROM));
    // The familiar demo: one generated import file through the importer.
    const summary = await importDemoFile(
      context,
      'demo-cardholders.jsonl',
      demoImportFile(seed, people, 0, now, (person, card, contacts) =>
        demoAttempts(seed, person, card, contacts, now),
      ),
      memoPool,
    );
    options.onProgress?.(people.length, count);
    if (count > BULK_FROM) {
      // A file being made, not yet anyone's: its bulk is written without the WAL's double
      // write or an fsync per chunk (a build that stops is built again), then the database
      // is put back to WAL with synchronous=FULL before its last entry.
      db.pragma('journal_mode = MEMORY');
      db.pragma('synchronous = OFF');
      const bulk = await writeBulk(context, people, options.onProgress);
      for (const key of Object.keys(summary) as (keyof typeof summary)[]) summary[key] += bulk[key];
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      options.onProgress?.(count, count);
    }
    audit.transact(() => {
      audit.append({
        at: now,
        operatorId: null,
        username: null,
        origin: 'desk-admin demo',
        action: 'database.demo',
        subjectType: null,
        subjectId: null,
        result: 'success',
        details: {
          cardholders: summary.cardholders,
          cards: summary.cards,
          ...(options.benchmark && { benchmark: true, verificationCost: cost }),
        },
      });
    });
    audit.anchorNow();
    return { ...summary, operators: DEMO_OPERATORS.length };
  } finally {
    db.close();
  }
}

type Counts = Omit<DemoSummary, 'operators'>;

interface DemoContext {
  db: Db;
  audit: AuditTrail;
  keys: KeyProvider;
  seed: string;
  now: Date;
  count: number;
}

/** Records per transaction for the demo's files: a file being made is not resumed. */
const DEMO_BATCH = 20_000;

/**
 * Writes people through the importer as one generated import file (made in memory, handed
 * over as bytes) and returns what it wrote. A line the importer quarantined is a fault of the
 * generator: the build stops.
 */
async function importDemoFile(
  context: DemoContext,
  name: string,
  file: DemoImportFile,
  pool: PairHashPool,
): Promise<Counts> {
  const { db, audit, keys, now } = context;
  const result = await runImport({
    db,
    keys,
    audit,
    clock: { now: () => now },
    origin: 'desk-admin demo',
    file: name,
    bytes: file.bytes,
    pool,
    publicIdOf: (_prefix, externalId) => file.publicIds.get(externalId)!,
    batchSize: DEMO_BATCH,
    // A demo has no feed: the console shows no "Imported data as of" for it.
    feed: false,
  });
  if (result.state !== 'done' || result.quarantine.length > 0)
    throw new Error(
      `The demo's import file ${name} was not imported whole: ${JSON.stringify(result.quarantine.slice(0, 3))}`,
    );
  const inserted = (type: string) => result.counts[type]?.inserted ?? 0;
  return {
    cardholders: inserted('cardholder'),
    cards: inserted('card'),
    lockouts: inserted('lockout'),
    contacts: inserted('contact'),
    attempts: inserted('attempt'),
  };
}

/**
 * The pool the familiar demo's pairs are hashed in. Its pairs and salts are the same every
 * time (the seed and clock fix them), and e2e tests build the demo again for every test in
 * the same process: the hashes this process already computed are kept (keyed by an HMAC of
 * the pair under the pepper, never the pair) so a rebuild costs no scrypt. Bounded; the bulk
 * cardholders go to the pool directly.
 */
const memoized = new Map<string, Buffer>();
const MEMO_LIMIT = 2_000;
const memoPool: PairHashPool = {
  get threads() {
    return sharedPairHashPool().threads;
  },
  get broken() {
    return sharedPairHashPool().broken;
  },
  async hash(pepper, cost, pairs) {
    const keyOf = (pair: PairToHash) =>
      createHmac('sha256', hmacKey(pepper.secret))
        .update(
          `${pepper.id}\u0000${cost}\u0000${pair.salt.toString('hex')}\u0000${pair.dob}\u0000${pair.postcode}`,
        )
        .digest('hex');
    const keys = pairs.map(keyOf);
    const missing = pairs.filter((_, i) => !memoized.has(keys[i]!));
    const fresh = await sharedPairHashPool().hash(pepper, cost, missing);
    let next = 0;
    return pairs.map((pair, i) => {
      let pairHash = memoized.get(keys[i]!);
      if (!pairHash) {
        pairHash = fresh[next++]!.pairHash;
        if (memoized.size < MEMO_LIMIT) memoized.set(keys[i]!, pairHash);
      }
      return { pairHash, salt: pair.salt, cost, pepperKeyId: pepper.id };
    });
  },
  close: async () => {},
};

/** Cardholders per generated file of the bulk: its JSON stays a few tens of MB in memory. */
const BULK_CHUNK = 10_000;

/**
 * The cardholders beyond the first 200, one generated import file per chunk, each followed by
 * as many audit entries as it has cardholders (an issuer's trail: searches and opens over the
 * past year). Those entries are written directly: an import never writes the console's own
 * trail (it records one entry per run), and a trail is what the console's operators did.
 */
async function writeBulk(
  context: DemoContext,
  people: readonly DemoPerson[],
  onProgress?: (written: number, total: number) => void,
): Promise<Counts> {
  const { db, audit, seed, now, count } = context;
  const taken = people.flatMap((person) => person.cards.map((card) => card.pan));
  const agents = db
    .prepare("SELECT id, username FROM operators WHERE role = 'agent' ORDER BY id")
    .all() as { id: number; username: string }[];
  const totals: Counts = { cardholders: 0, cards: 0, lockouts: 0, contacts: 0, attempts: 0 };
  // The trail's entries are spaced evenly over the year before the demo's "now".
  const spacing = Math.floor((365 * 86_400_000) / Math.max(1, count - BULK_FROM));
  let entry = 0;
  // Files are made on a thread of their own, one ahead: the next is being made while this
  // one goes through the importer.
  const maker = bulkFileMaker();
  const make = (from: number) =>
    maker.make({
      seed,
      from,
      to: Math.min(count, from + BULK_CHUNK),
      now: now.toISOString(),
      taken,
    });
  try {
    let next = make(BULK_FROM);
    for (let from = BULK_FROM; from < count; from += BULK_CHUNK) {
      const made = await next;
      if (from + BULK_CHUNK < count) next = make(from + BULK_CHUNK);
      const written = await importDemoFile(
        context,
        `demo-bulk-${from}.jsonl`,
        made.file,
        sharedPairHashPool(),
      );
      audit.transact(() => {
        for (const firstCard of made.firstCards) {
          const agent = agents[entry % agents.length]!;
          const opened = entry % 2 === 1;
          audit.append({
            at: new Date(now.getTime() - 86_400_000 - (count - BULK_FROM - entry) * spacing),
            operatorId: agent.id,
            username: agent.username,
            origin: 'console@demo',
            action: opened ? 'card.open' : 'card.search',
            subjectType: 'card',
            subjectId: opened ? firstCard : null,
            result: 'success',
            details: opened ? {} : { key: 'last4-surname', matched: 1 },
          });
          entry++;
        }
      });
      for (const key of Object.keys(totals) as (keyof Counts)[]) totals[key] += written[key];
      onProgress?.(from + made.firstCards.length, count);
    }
  } finally {
    await maker.close();
  }
  return totals;
}

function seedDigest(seed: string, label: string): string {
  return createHmac('sha256', seed).update(label).digest('hex');
}

/** The thread the bulk files are made on (bulk-file-worker.ts), one file at a time. */
function bulkFileMaker() {
  const worker = new Worker(new URL('./bulk-file-worker.ts', import.meta.url));
  let waiting: {
    resolve: (made: { file: DemoImportFile; firstCards: string[] }) => void;
    reject: (error: Error) => void;
  } | null = null;
  const fail = (error: Error) => {
    waiting?.reject(error);
    waiting = null;
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`The demo's file maker stopped (exit ${code}).`)));
  worker.on('message', (done: BulkFileDone) => {
    const asked = waiting;
    waiting = null;
    if ('error' in done) asked?.reject(new Error(`The demo's file maker failed: ${done.error}`));
    else
      asked?.resolve({
        file: {
          bytes: Buffer.from(done.bytes.buffer, done.bytes.byteOffset, done.bytes.length),
          publicIds: new Map(done.publicIds),
        },
        firstCards: done.firstCards,
      });
  });
  return {
    make(job: BulkFileJob): Promise<{ file: DemoImportFile; firstCards: string[] }> {
      if (waiting) throw new Error('One file at a time.');
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        worker.postMessage(job);
      });
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

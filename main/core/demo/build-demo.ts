/**
 * Builds a demo database: deterministic from a seed (keys derived from it, a fixed clock),
 * with Japanese and English cardholders and the scenarios a call centre meets, and one demo
 * operator per role. Clear test values live only in memory while building; the database
 * gets masked values and keyed or salted hashes, as a real one would.
 */
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { foldSurname } from '../../../shared/names/fold-surname.ts';
import { createAuditTrail } from '../audit/audit-trail.ts';
import { keyFileAnchorHead } from '../keys/anchor-head.ts';
import { lookupHashWith } from '../crypto/lookup-hash.ts';
import { openDatabase, type Db } from '../db/connection.ts';
import { DatabaseOpenError } from '../db/errors.ts';
import { recordDatabaseIdentity } from '../db/database-info.ts';
import { createKeyFile } from '../keys/key-file.ts';
import { deriveKeySet, keySetProvider } from '../keys/key-set.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { hashPassword, type PasswordCost } from '../operators/password.ts';
import { createOperatorStore } from '../operators/operator-store.ts';
import { DEMO_OPERATORS } from './demo-operators.ts';
import { demoPeople, type DemoCard, type DemoPerson } from './demo-people.ts';
import { demoLockouts } from './demo-lockouts.ts';
import { demoContacts, type DemoContact } from './demo-contacts.ts';
import { demoAttempts, demoHistory } from './demo-attempts.ts';
import { BULK_FROM, bulkPerson, type BulkPerson } from './bulk-people.ts';
import { createFactHashPool } from './fact-hash-pool.ts';
import {
  hashVerificationPair,
  isVerificationCost,
  VERIFICATION_COST,
  type VerificationHash,
} from '../verification/verification-hash.ts';

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
    anchorHead: keyFileAnchorHead(options.keyFile),
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
      if (options.benchmark)
        db.prepare(
          "INSERT INTO database_info (key, value) VALUES ('benchmark', 'true'), ('benchmark-verification-cost', ?)",
        ).run(cost);
    })();

    const operators = createOperatorStore(db, audit);
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
        passwordHash: await hashPassword(operator.password, salt, options.passwordCost),
      });
    }

    const people = demoPeople(seed, Math.min(count, BULK_FROM));
    // Slow hashes first (scrypt runs on the thread pool), then one transaction for the rows.
    const facts = await hashFacts(seed, people, keys, cost);
    const writer = peopleWriter(db, seed, keys.current('lookup'), now);
    const summary = audit.transact(() =>
      writer.write(people, facts, (person, card, contacts) =>
        demoAttempts(seed, person, card, contacts, now),
      ),
    );
    options.onProgress?.(people.length, count);
    if (count > BULK_FROM) {
      // A file being made, not yet anyone's: its bulk is written without the WAL's double
      // write or an fsync per chunk (a build that stops is built again), then the database
      // is put back to WAL with synchronous=FULL before its last entry.
      db.pragma('journal_mode = MEMORY');
      db.pragma('synchronous = OFF');
      const bulk = await writeBulk({
        db,
        audit,
        keys,
        seed,
        now,
        count,
        cost,
        writer,
        people,
        onProgress: options.onProgress,
      });
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

/** Each cardholder's DOB + postcode hash, salted from the seed so tables come out identical. */
async function hashFacts(
  seed: string,
  people: DemoPerson[],
  keys: KeyProvider,
  cost: string,
): Promise<VerificationHash[]> {
  const hashes: VerificationHash[] = [];
  const BATCH = 8;
  for (let start = 0; start < people.length; start += BATCH) {
    const batch = people.slice(start, start + BATCH).map((person) => {
      return hashVerificationPair(keys, person.dob, person.postcode, factSalt(seed, person), cost);
    });
    hashes.push(...(await Promise.all(batch)));
  }
  return hashes;
}

/** The pair's salt, derived from the seed so the same seed gives identical tables. */
function factSalt(seed: string, person: DemoPerson): Buffer {
  return Buffer.from(seedDigest(seed, `facts:${person.publicId}`).slice(0, 32), 'hex');
}

type Counts = Omit<DemoSummary, 'operators'>;
type AttemptsOf = (
  person: DemoPerson,
  card: DemoCard,
  contacts: DemoContact[],
  cardIndex: number,
) => ReturnType<typeof demoAttempts>;

interface PeopleWriter {
  /** Inserts the people with their facts (in a transaction the caller holds). */
  write(people: readonly DemoPerson[], facts: VerificationHash[], attemptsOf: AttemptsOf): Counts;
}

const BULK_CHUNK = 20_000;

/**
 * The cardholders beyond the first 200, in chunks: each chunk's pairs are hashed in the
 * worker pool while the chunk before is written, in one transaction with as many audit
 * entries as it has cardholders (an issuer's trail: searches and opens over the past year).
 */
async function writeBulk(context: {
  db: Db;
  audit: ReturnType<typeof createAuditTrail>;
  keys: KeyProvider;
  seed: string;
  now: Date;
  count: number;
  cost: string;
  writer: PeopleWriter;
  people: DemoPerson[];
  onProgress?: (written: number, total: number) => void;
}): Promise<Counts> {
  const { db, audit, keys, seed, now, count, cost, writer } = context;
  const taken = new Set(context.people.flatMap((person) => person.cards.map((card) => card.pan)));
  const agents = db
    .prepare("SELECT id, username FROM operators WHERE role = 'agent' ORDER BY id")
    .all() as { id: number; username: string }[];
  const pool = createFactHashPool(keys.current('verification'), cost);
  const totals: Counts = { cardholders: 0, cards: 0, lockouts: 0, contacts: 0, attempts: 0 };
  const chunk = (from: number) => {
    const people: BulkPerson[] = [];
    for (let index = from; index < Math.min(count, from + BULK_CHUNK); index++)
      people.push(bulkPerson(seed, index, taken));
    const facts = pool.hash(
      people.map((person) => ({
        dob: person.dob,
        postcode: person.postcode,
        salt: factSalt(seed, person),
      })),
    );
    return { people, facts };
  };
  // The trail's entries are spaced evenly over the year before the demo's "now".
  const spacing = Math.floor((365 * 86_400_000) / Math.max(1, count - BULK_FROM));
  let entry = 0;
  try {
    let next = chunk(BULK_FROM);
    for (let from = BULK_FROM; from < count; from += BULK_CHUNK) {
      const { people, facts } = next;
      const hashed = await facts;
      if (from + BULK_CHUNK < count) next = chunk(from + BULK_CHUNK);
      const written = audit.transact(() => {
        const counts = writer.write(people, hashed, (person, card, contacts, cardIndex) =>
          demoHistory(
            seed,
            person,
            card,
            contacts,
            now,
            (person as BulkPerson).attemptCounts[cardIndex]!,
          ),
        );
        for (const person of people) {
          const agent = agents[entry % agents.length]!;
          const card = person.cards[0]!;
          const opened = entry % 2 === 1;
          audit.append({
            at: new Date(now.getTime() - 86_400_000 - (count - BULK_FROM - entry) * spacing),
            operatorId: agent.id,
            username: agent.username,
            origin: 'console@demo',
            action: opened ? 'card.open' : 'card.search',
            subjectType: 'card',
            subjectId: opened ? card.publicId : null,
            result: 'success',
            details: opened ? {} : { key: 'last4-surname', matched: 1 },
          });
          entry++;
        }
        return counts;
      });
      for (const key of Object.keys(totals) as (keyof Counts)[]) totals[key] += written[key];
      context.onProgress?.(from + people.length, count);
    }
  } finally {
    await pool.close();
  }
  return totals;
}

function peopleWriter(
  db: Db,
  seed: string,
  lookupKey: Parameters<typeof lookupHashWith>[0],
  now: Date,
): PeopleWriter {
  const at = now.toISOString();
  const insertHolder = db.prepare(
    `INSERT INTO cardholders (public_id, customer_ref, name, name_kana, name_latin,
       preferred_language, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertKey = db.prepare(
    'INSERT OR IGNORE INTO surname_keys (cardholder_id, key) VALUES (?, ?)',
  );
  const insertCard = db.prepare(
    `INSERT INTO cards (public_id, cardholder_id, product, brand, last4, pan_hash, pan_key_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertLockout = db.prepare(
    'INSERT INTO lockouts (card_id, cause, since, until, cleared_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertContact = db.prepare(
    `INSERT INTO contact_points (cardholder_id, kind, masked, value_hash, value_key_id, status,
       updated_at, value_changed_at, pending_masked, pending_effective_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFacts = db.prepare(
    `INSERT INTO verification_facts (cardholder_id, pair_hash, salt, cost, pepper_key_id, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const insertAttempt = db.prepare(
    `INSERT INTO auth_attempts (card_id, at, merchant, amount_minor, currency, method,
       destination_masked, destination_hash, destination_key_id, delivery, attempts_used,
       attempts_allowed, resends, expires_at, outcome, trans_status, trans_status_reason, eci,
       challenge_cancel, acs_trans_id, ds_trans_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return { write };

  function write(
    people: readonly DemoPerson[],
    facts: VerificationHash[],
    attemptsOf: AttemptsOf,
  ): Counts {
    let cards = 0;
    let lockouts = 0;
    let contacts = 0;
    let attempts = 0;
    for (const [index, person] of people.entries()) {
      const holderId = Number(
        insertHolder.run(
          person.publicId,
          person.customerRef,
          person.name,
          person.nameKana,
          person.nameLatin,
          person.preferredLanguage,
          at,
        ).lastInsertRowid,
      );
      for (const reading of [person.surname, ...person.surnameReadings])
        insertKey.run(holderId, foldSurname(reading));
      const fact = facts[index]!;
      insertFacts.run(holderId, fact.pairHash, fact.salt, fact.cost, fact.pepperKeyId, at);
      const personContacts = demoContacts(seed, person, now);
      for (const contact of personContacts) {
        insertContact.run(
          holderId,
          contact.kind,
          contact.masked,
          lookupHashWith(lookupKey, contact.kind, contact.value),
          lookupKey.id,
          contact.status,
          contact.updatedAt,
          contact.valueChangedAt,
          contact.pending?.masked ?? null,
          contact.pending?.effectiveAt ?? null,
        );
        contacts++;
      }
      for (const [cardIndex, card] of person.cards.entries()) {
        const cardId = Number(
          insertCard.run(
            card.publicId,
            holderId,
            card.product,
            card.brand,
            card.last4,
            lookupHashWith(lookupKey, 'pan', card.pan),
            lookupKey.id,
            at,
          ).lastInsertRowid,
        );
        cards++;
        for (const lockout of demoLockouts(person.scenario, now)) {
          insertLockout.run(cardId, lockout.cause, lockout.since, lockout.until, lockout.clearedAt);
          lockouts++;
        }
        for (const attempt of attemptsOf(person, card, personContacts, cardIndex)) {
          const kind = attempt.destination?.startsWith('+') ? 'mobile' : 'email';
          insertAttempt.run(
            cardId,
            attempt.at,
            attempt.merchant,
            attempt.amountMinor,
            attempt.currency,
            attempt.method,
            attempt.destinationMasked,
            attempt.destination ? lookupHashWith(lookupKey, kind, attempt.destination) : null,
            attempt.destination ? lookupKey.id : null,
            attempt.delivery,
            attempt.attemptsUsed,
            attempt.attemptsAllowed,
            attempt.resends,
            attempt.expiresAt,
            attempt.outcome,
            attempt.transStatus,
            attempt.transStatusReason,
            attempt.eci,
            attempt.challengeCancel,
            attempt.acsTransId,
            attempt.dsTransId,
          );
          attempts++;
        }
      }
    }
    return { cardholders: people.length, cards, lockouts, contacts, attempts };
  }
}

function seedDigest(seed: string, label: string): string {
  return createHmac('sha256', seed).update(label).digest('hex');
}

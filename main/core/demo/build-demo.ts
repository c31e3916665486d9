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
import { demoPeople, type DemoPerson } from './demo-people.ts';
import { demoLockouts } from './demo-lockouts.ts';
import { demoContacts } from './demo-contacts.ts';
import { demoAttempts } from './demo-attempts.ts';
import { hashVerificationPair, type VerificationHash } from '../verification/verification-hash.ts';

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

    const people = demoPeople(seed, count);
    // Slow hashes first (scrypt runs on the thread pool), then one transaction for the rows.
    const facts = await hashFacts(seed, people, keys);
    const summary = audit.transact(() => {
      const inserted = insertPeople(db, seed, people, facts, keys.current('lookup'), now);
      audit.append({
        at: now,
        operatorId: null,
        username: null,
        origin: 'desk-admin demo',
        action: 'database.demo',
        subjectType: null,
        subjectId: null,
        result: 'success',
        details: { cardholders: inserted.cardholders, cards: inserted.cards },
      });
      return inserted;
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
): Promise<VerificationHash[]> {
  const hashes: VerificationHash[] = [];
  const BATCH = 8;
  for (let start = 0; start < people.length; start += BATCH) {
    const batch = people.slice(start, start + BATCH).map((person) => {
      const salt = Buffer.from(seedDigest(seed, `facts:${person.publicId}`).slice(0, 32), 'hex');
      return hashVerificationPair(keys, person.dob, person.postcode, salt);
    });
    hashes.push(...(await Promise.all(batch)));
  }
  return hashes;
}

function insertPeople(
  db: Db,
  seed: string,
  people: DemoPerson[],
  facts: VerificationHash[],
  lookupKey: Parameters<typeof lookupHashWith>[0],
  now: Date,
): Omit<DemoSummary, 'operators'> {
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
    for (const card of person.cards) {
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
      for (const attempt of demoAttempts(seed, person, card, personContacts, now)) {
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

function seedDigest(seed: string, label: string): string {
  return createHmac('sha256', seed).update(label).digest('hex');
}

/**
 * Whether a database is a benchmark (made by `desk-admin demo --benchmark`), and the cheaper
 * cost its DOB + postcode pairs may be hashed at. The mark lives in database_info, which has
 * no MAC: someone who writes the file without the keys could mark a production database a
 * benchmark, and the next import of real cardholders would hash their facts at a cost that
 * makes each guess nearly free once the pepper leaks — the point of the slow hash.
 *
 * So the mark counts only with its MAC (a `benchmark-mac` row: the audit key's id and a MAC
 * under its row-MAC key over the mark and the cost, versioned by its label), written with the
 * keys when the database is made. No migration: a benchmark database made before the MAC is
 * read as an ordinary one (imports hash at the standard cost, the console shows no label) —
 * slower, never weaker; `npm run bench` builds its databases anew.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { hmacKey } from '../crypto/hmac-key.ts';
import { KeyError, type KeyProvider } from '../keys/key-provider.ts';
import { rowMacKey } from '../keys/row-mac.ts';
import type { Db } from './connection.ts';
import { readDatabaseInfo } from './database-info.ts';

const LABEL = 'verify-desk database_info benchmark v1';

function markMac(secret: Buffer, cost: string): Buffer {
  return createHmac('sha256', hmacKey(secret))
    .update(JSON.stringify([LABEL, 'true', cost]), 'utf8')
    .digest();
}

/** Marks a database being made as a benchmark whose facts are hashed at `cost`, sealed. */
export function markBenchmarkDatabase(db: Db, keys: Pick<KeyProvider, 'current'>, cost: string) {
  const key = rowMacKey(keys.current('audit'));
  db.prepare(
    `INSERT INTO database_info (key, value) VALUES ('benchmark', 'true'),
       ('benchmark-verification-cost', ?), ('benchmark-mac', ?)`,
  ).run(cost, `${key.id}:${markMac(key.secret, cost).toString('hex')}`);
}

/**
 * The cost a benchmark database's facts may be hashed at, or null when the database is not one
 * — or its mark, cost or MAC was written or changed without the keys.
 */
export function benchmarkCost(db: Db, keys: Pick<KeyProvider, 'byId'>): string | null {
  if (readDatabaseInfo(db, 'benchmark') !== 'true') return null;
  const cost = readDatabaseInfo(db, 'benchmark-verification-cost');
  const sealed = /^([^:]+):([0-9a-f]{64})$/u.exec(readDatabaseInfo(db, 'benchmark-mac') ?? '');
  if (cost === null || !sealed) return null;
  let secret: Buffer;
  try {
    secret = rowMacKey(keys.byId('audit', sealed[1]!)).secret;
  } catch (error) {
    if (error instanceof KeyError) return null;
    throw error;
  }
  return timingSafeEqual(markMac(secret, cost), Buffer.from(sealed[2]!, 'hex')) ? cost : null;
}

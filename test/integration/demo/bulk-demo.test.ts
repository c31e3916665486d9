/**
 * A demo beyond its first 200 cardholders: the bulk ones hashed in the worker pool, several
 * cards for some, an audit entry per bulk cardholder, and — only for a database marked as a
 * benchmark when it is made — a lower verification cost, stored with each row.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDemoDatabase } from '../../../main/core/demo/build-demo.ts';
import { bulkPerson } from '../../../main/core/demo/bulk-people.ts';
import { createPairHashPool } from '../../../main/core/verification/pair-hash-pool.ts';
import { deriveKeySet, keySetProvider } from '../../../main/core/keys/key-set.ts';
import {
  hashVerificationPair,
  matchesVerificationPair,
  VERIFICATION_COST,
} from '../../../main/core/verification/verification-hash.ts';
import { TEST_PASSWORD_COST } from '../../helpers/test-password-cost.ts';
import { keyFolder, useTempDir } from '../../helpers/temp-dir.ts';
import { runCli } from '../cli/cli-harness.ts';

const tempDir = useTempDir();
const CHEAP = 'scrypt:ln=4,r=1,p=1';

describe('a demo at size', () => {
  it('hashes in worker threads exactly what the console would compare against', async () => {
    const keys = keySetProvider(deriveKeySet('pool'), 'test keys');
    const pool = createPairHashPool(2);
    const pairs = Array.from({ length: 5 }, (_, i) => ({
      dob: `1980-01-0${i + 1}`,
      postcode: '1000001',
      salt: Buffer.alloc(16, i),
    }));
    const hashed = await pool.hash(keys.current('verification'), CHEAP, pairs);
    await pool.close();
    expect(pool.threads).toBe(2);
    for (const [i, pair] of pairs.entries()) {
      const alone = await hashVerificationPair(keys, pair.dob, pair.postcode, pair.salt, CHEAP);
      expect(hashed[i]).toEqual(alone);
      expect(await matchesVerificationPair(keys, hashed[i]!, pair.dob, pair.postcode)).toBe(true);
      expect(await matchesVerificationPair(keys, hashed[i]!, pair.dob, '1000002')).toBe(false);
    }
  });

  it('writes the bulk cardholders with several cards for some, facts at the benchmark cost and a trail entry each, and is marked a benchmark', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'bench.db');
    const progress: number[] = [];
    const summary = await buildDemoDatabase({
      dbPath,
      keyFile: join(keyFolder(dir), 'bench.key'),
      seed: 'bulk',
      cardholders: 600,
      passwordCost: TEST_PASSWORD_COST,
      benchmark: { verificationCost: CHEAP },
      onProgress: (written) => progress.push(written),
    });
    expect(summary.cardholders).toBe(600);
    expect(summary.cards).toBeGreaterThan(650);
    expect(progress.at(-1)).toBe(600);
    const db = new Database(dbPath, { readonly: true });
    const info = Object.fromEntries(
      (
        db.prepare('SELECT key, value FROM database_info').all() as { key: string; value: string }[]
      ).map((row) => [row.key, row.value]),
    );
    expect(info).toMatchObject({ benchmark: 'true', 'benchmark-verification-cost': CHEAP });
    expect(db.prepare('SELECT DISTINCT cost FROM verification_facts').all()).toEqual([
      { cost: CHEAP },
    ]);
    expect(
      db.prepare("SELECT count(*) AS n FROM audit_log WHERE origin = 'console@demo'").get(),
    ).toEqual({ n: 400 });
    const most = db
      .prepare('SELECT max(n) AS n FROM (SELECT count(*) AS n FROM cards GROUP BY cardholder_id)')
      .get() as { n: number };
    expect(most.n).toBeGreaterThanOrEqual(3);
    // A bulk cardholder as the generator made them is found and their facts match.
    const person = bulkPerson('bulk', 450);
    const row = db
      .prepare(
        `SELECT f.pair_hash AS pairHash, f.salt, f.cost, f.pepper_key_id AS pepperKeyId
         FROM verification_facts f JOIN cardholders h ON h.id = f.cardholder_id WHERE h.public_id = ?`,
      )
      .get(person.publicId) as {
      pairHash: Buffer;
      salt: Buffer;
      cost: string;
      pepperKeyId: string;
    };
    const keys = keySetProvider(deriveKeySet('bulk'), 'demo keys');
    expect(await matchesVerificationPair(keys, row, person.dob, person.postcode)).toBe(true);
    db.close();
  }, 60_000);

  it('keeps the standard cost unless the database is made as a benchmark', async () => {
    const dir = tempDir();
    const args = ['demo', '--db', join(dir, 'x.db'), '--key-file', join(keyFolder(dir), 'x.key')];
    const refused = await runCli([...args, '--cardholders', '12', '--verification-cost', CHEAP]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/--verification-cost is accepted only with --benchmark/);
    const bad = await runCli([
      ...args,
      '--cardholders',
      '12',
      '--benchmark',
      '--verification-cost',
      'md5',
    ]);
    expect(bad.stderr).toMatch(/is not scrypt:ln=<n>,r=<n>,p=<n>/);
    expect(VERIFICATION_COST).toBe('scrypt:ln=14,r=8,p=1');
  });
});

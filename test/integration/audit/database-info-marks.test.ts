/**
 * database_info has no MAC; what an insider who writes the file (no keys) gains by changing it.
 *
 * Its `benchmark` mark (with `benchmark-verification-cost`) decides
 * the cost an import hashes DOB + postcode pairs at: a benchmark database made by `desk-admin
 * demo --benchmark` may use a cheap one. Someone who writes the file without the keys could
 * mark a production database as a benchmark and have the next import of real cardholders
 * hash their facts at a cost that makes each guess nearly free once the pepper leaks — the
 * slow hash's whole point. So the mark counts only with its MAC (db/benchmark-mark.ts), which
 * `desk-admin demo --benchmark` writes with the keys as it makes the database.
 *
 * Its `database_id` and `key.<purpose>` rows only say which keys to open the database with (the
 * keychain entry, and the ids to expect): pointed at another database's entry, the console gets
 * keys the insider does not hold either, under which nothing in this database verifies — the
 * trail cannot be checked and nothing is written. Nothing is gained, so they stay unsealed.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERIFICATION_COST } from '../../../main/core/verification/verification-hash.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { fakeKeychain } from '../../unit/keys/fake-keychain.ts';
import { runCli } from '../cli/cli-harness.ts';
import { FIXTURES, importFile, newDatabase } from '../import/import-harness.ts';

const tempDir = useTempDir('verify-desk-benchmark-mark-');
const demoCore = useDemoCore({ cardholders: 6 });
const CHEAP = 'scrypt:ln=1,r=1,p=1';

/** What someone with the file and no key does: mark it a benchmark at a cheap cost. */
function markBenchmark(dbPath: string, cost = CHEAP) {
  const raw = new Database(dbPath);
  try {
    raw
      .prepare(
        "INSERT INTO database_info (key, value) VALUES ('benchmark', 'true'), ('benchmark-verification-cost', ?)",
      )
      .run(cost);
  } finally {
    raw.close();
  }
}

describe('the benchmark mark in database_info', () => {
  it('written into a production database in the file: an import still hashes the facts at the standard cost', async () => {
    const target = newDatabase(tempDir());
    markBenchmark(target.dbPath);
    const result = await importFile(target, join(FIXTURES, 'issuer-sample.jsonl'));
    expect(result.counts['verification']?.inserted).toBeGreaterThan(0);
    const db = new Database(target.dbPath, { readonly: true });
    try {
      expect(db.prepare('SELECT DISTINCT cost FROM verification_facts').all()).toEqual([
        { cost: VERIFICATION_COST },
      ]);
    } finally {
      db.close();
    }
  }, 60_000);

  it('written into the file: the console does not label the database a benchmark', async () => {
    const desk = await demoCore({}, ({ dbPath }) => markBenchmark(dbPath));
    expect(await desk.core.router.call('w1', 'app.info', {})).toMatchObject({
      ok: true,
      value: { benchmark: false },
    });
  });

  it('database_id and key ids pointed at another database in the keychain: nothing verifies, nothing is written', async () => {
    const dir = tempDir();
    const keychain = fakeKeychain();
    const [mine, other] = ['mine', 'other'].map((name) => join(dir, `${name}.db`));
    for (const dbPath of [mine!, other!])
      expect((await runCli(['init', '--db', dbPath], { keychain })).code).toBe(0);
    expect(
      (
        await runCli(
          ['policy', 'set', '--db', mine!, '--key', 'idleLockMinutes', '--value', '10'],
          { keychain },
        )
      ).code,
    ).toBe(0);
    const info = (dbPath: string) => {
      const db = new Database(dbPath, { readonly: true });
      try {
        return db.prepare('SELECT key, value FROM database_info').all() as {
          key: string;
          value: string;
        }[];
      } finally {
        db.close();
      }
    };
    // The insider makes `mine` name the other database's keychain entry and key ids.
    const raw = new Database(mine!);
    try {
      const set = raw.prepare('UPDATE database_info SET value = ? WHERE key = ?');
      for (const { key, value } of info(other!)) set.run(value, key);
    } finally {
      raw.close();
    }
    const before = info(mine!);
    const verify = await runCli(['audit', 'verify', '--db', mine!], { keychain });
    expect(verify.code).toBe(1);
    const write = await runCli(
      ['policy', 'set', '--db', mine!, '--key', 'idleLockMinutes', '--value', '5'],
      { keychain },
    );
    expect(write.code).not.toBe(0);
    expect(info(mine!)).toEqual(before);
  }, 60_000);
});

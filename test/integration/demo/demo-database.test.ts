/**
 * `desk-admin demo` twice with the same seed gives identical table contents — keys derived
 * from the seed, a fixed clock, salts derived from the seed — and stores no clear value.
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoPeople } from '../../../main/core/demo/demo-people.ts';
import { runCli } from '../cli/cli-harness.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();

function dump(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  const tables = (
    db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((t) => t.name);
  const contents = Object.fromEntries(
    tables.map((name) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).all()]),
  );
  db.close();
  return contents;
}

async function demo(seed: string) {
  const dir = tempDir();
  const db = join(dir, 'demo.db');
  const run = await runCli([
    'demo',
    '--db',
    db,
    '--key-file',
    join(dir, 'demo.key'),
    '--seed',
    seed,
    '--cardholders',
    '40',
  ]);
  expect(run).toMatchObject({
    code: 0,
    stdout: expect.stringMatching(
      /40 cardholders, 40 cards, \d+ lockouts, \d+ contact points, \d+ 3-D Secure attempts, 4 demo operators/,
    ),
  });
  return db;
}

describe('demo database', () => {
  // Whole demo builds (a full-cost scrypt per cardholder, the operators' password hashes and
  // the importer's run): slow on a busy 2-core machine, so they get more than the default.
  it('is identical, table by table, for the same seed', async () => {
    const first = dump(await demo('same-seed'));
    const second = dump(await demo('same-seed'));
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining(['cardholders', 'cards', 'lockouts', 'operators', 'audit_log']),
    );
    expect(second).toEqual(first);
    expect(dump(await demo('other-seed')).cards).not.toEqual(first.cards);
  }, 90_000);

  it('holds no clear card number, mobile, email, date of birth or postcode', async () => {
    const path = await demo('leak-check');
    const bytes =
      readFileSync(path).toString('latin1') +
      readFileSync(`${path}-wal`, { flag: 'a+' }).toString('latin1');
    for (const person of demoPeople('leak-check', 40)) {
      for (const card of person.cards) expect(bytes).not.toContain(card.pan);
      if (person.mobile) expect(bytes).not.toContain(person.mobile.slice(3));
      if (person.email) expect(bytes).not.toContain(person.email);
      expect(bytes).not.toContain(person.dob);
      expect(bytes).not.toContain(person.postcode);
    }
  }, 60_000);

  it('is labelled a demo, written through the importer, and verifies', async () => {
    const path = await demo('labelled');
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT value FROM database_info WHERE key = 'demo'").get()).toEqual({
      value: 'true',
    });
    // Written through the importer: one run of one generated file, nothing quarantined, one
    // audit entry for it, and every row keyed by the file's external ids.
    expect(
      db
        .prepare(
          'SELECT file_name AS file, state, format, newest_as_of AS newestAsOf FROM import_runs',
        )
        .all(),
    ).toEqual([
      // A demo has no feed: the console shows no "Imported data as of" for it.
      { file: 'demo-cardholders.jsonl', state: 'done', format: 'jsonl', newestAsOf: null },
    ]);
    expect(db.prepare('SELECT count(*) AS n FROM import_quarantine').get()).toEqual({ n: 0 });
    expect(
      db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'import.run'").get(),
    ).toEqual({ n: 1 });
    for (const table of ['cardholders', 'cards', 'auth_attempts'])
      expect(
        db.prepare(`SELECT count(*) AS n FROM ${table} WHERE external_id IS NULL`).get(),
        table,
      ).toEqual({ n: 0 });
    const firstCard = demoPeople('labelled', 1)[0]!.cards[0]!;
    expect(
      db.prepare('SELECT external_id AS id FROM cards WHERE public_id = ?').get(firstCard.publicId),
    ).toEqual({ id: 'DH0C0' });
    db.close();
    const verify = await runCli([
      'audit',
      'verify',
      '--db',
      path,
      '--key-file',
      path.replace('demo.db', 'demo.key'),
    ]);
    expect(verify).toMatchObject({ code: 0 });
  }, 60_000);

  it('fills contacts and verification facts for every scenario', async () => {
    const path = await demo('scenarios');
    const db = new Database(path, { readonly: true });
    const people = demoPeople('scenarios', 40);
    const contactsOf = (publicId: string) =>
      db
        .prepare(
          `SELECT p.kind, p.status, p.value_changed_at IS NOT NULL AS changed,
                  p.pending_masked IS NOT NULL AS pending
           FROM contact_points p JOIN cardholders h ON h.id = p.cardholder_id
           WHERE h.public_id = ? ORDER BY p.kind`,
        )
        .all(publicId);
    const person = (scenario: string) => people.find((p) => p.scenario === scenario)!;
    expect(contactsOf(person('no-contact').publicId)).toEqual([]);
    expect(contactsOf(person('email-bouncing').publicId)).toContainEqual(
      expect.objectContaining({ kind: 'email', status: 'bounced' }),
    );
    expect(contactsOf(person('mobile-change-pending').publicId)).toContainEqual(
      expect.objectContaining({ kind: 'mobile', pending: 1 }),
    );
    expect(contactsOf(person('recent-mobile-change').publicId)).toContainEqual(
      expect.objectContaining({ kind: 'mobile', changed: 1 }),
    );
    for (const scenario of ['locked-wrong-codes', 'code-expired', 'english-locked'])
      expect(contactsOf(person(scenario).publicId)).toHaveLength(2);
    const facts = db
      .prepare(
        'SELECT count(*) AS n, count(DISTINCT salt) AS salts, min(length(pair_hash)) AS len FROM verification_facts',
      )
      .get();
    expect(facts).toEqual({ n: 40, salts: 40, len: 32 });
    db.close();
  }, 60_000);
});

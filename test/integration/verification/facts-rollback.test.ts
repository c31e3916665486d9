/**
 * A cardholder's verification facts cannot be pinned or rolled back in the file. The cardholder
 * moves (the issuer's feed brings a new postcode); someone who knows the old address has a
 * writer without the keys and either
 * 1. moves verification_facts.as_of ahead before the feed, so the feed would be skipped; or
 * 2. after the feed, puts the facts row from before back (its genuine MAC with it).
 * The facts' seal covers their as-of time and the trail records each facts write
 * (`import.facts-changed`): the feed is written all the same, a row put back is refused (the
 * lead alerted), and `audit verify` names it. Facts from before the as-of time was sealed (v1)
 * keep verifying until an import writes them again, whatever as-of time they show.
 */
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rowMac, rowMacKey } from '../../../main/core/keys/row-mac.ts';
import { importSalt } from '../../../main/core/import/transform.ts';
import { FACTS_SEAL } from '../../../main/core/verification/facts-seal.ts';
import { FACTS_CHANGED } from '../../../main/core/verification/facts-trail.ts';
import { hashVerificationPair } from '../../../main/core/verification/verification-hash.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { runCli } from '../cli/cli-harness.ts';
import { FIXTURES, importFile, newDatabase, withImportDb } from '../import/import-harness.ts';
import { addAgent, importedCore } from '../import/imported-desk.ts';
import { setAcsByCli } from '../acs/acs-fixture.ts';

const tempDir = useTempDir('verify-desk-facts-rollback-');
const PASSWORD = 'Agent-passw0rd-facts';
const OLD = { dob: '1977-03-29', postcode: '1500041' };
const NEW = { dob: '1977-03-29', postcode: '1500099' };
const FACTS_OF = `SELECT f.* FROM verification_facts f JOIN cardholders h ON h.id = f.cardholder_id
                  WHERE h.external_id = 'IMP-H-001'`;
const PUT_BACK = `UPDATE verification_facts SET pair_hash = @pair_hash, salt = @salt, cost = @cost,
                    pepper_key_id = @pepper_key_id, as_of = @as_of, facts_key_id = @facts_key_id,
                    facts_mac = @facts_mac
                  WHERE cardholder_id = @cardholder_id`;

type Target = { dbPath: string; keyFile: string };

async function setUp(options: { withoutFacts?: boolean } = {}) {
  const dir = tempDir();
  const target = newDatabase(dir);
  const sample = join(FIXTURES, 'issuer-sample.jsonl');
  if (options.withoutFacts) {
    const lines = readFileSync(sample, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.includes('"type":"verification"'));
    writeFileSync(join(dir, 'no-facts.jsonl'), `${lines.join('\n')}\n`);
    await importFile(target, join(dir, 'no-facts.jsonl'));
  } else await importFile(target, sample);
  await addAgent(target, PASSWORD);
  await setAcsByCli(target.dbPath, target.keyFile, 'https://127.0.0.1:9/acs');
  const feed = join(dir, 'moved.jsonl');
  writeFileSync(
    feed,
    `${JSON.stringify({
      type: 'verification',
      cardholderId: 'IMP-H-001',
      dateOfBirth: NEW.dob,
      postcode: '150-0099',
      asOf: '2026-11-26T10:00:00Z',
    })}\n`,
  );
  const db = ['--db', target.dbPath, '--key-file', target.keyFile];
  return { target, db, feed };
}

function read<T>(target: Target, sql: string): T[] {
  const raw = new Database(target.dbPath, { readonly: true });
  try {
    return raw.prepare(sql).all() as T[];
  } finally {
    raw.close();
  }
}

const factsRow = (target: Target) => read<Record<string, unknown>>(target, FACTS_OF)[0]!;

function putBack(target: Target, row: Record<string, unknown>): void {
  const raw = keylessWriter(target.dbPath);
  try {
    raw.prepare(PUT_BACK).run(row);
  } finally {
    raw.close();
  }
}

/** A caller on IMP-C-001 answers `answers`: the router's reply and the alerts raised. */
async function answer(target: Target, answers: { dob: string; postcode: string }) {
  const card = read<{ public_id: string }>(
    target,
    "SELECT public_id FROM cards WHERE external_id = 'IMP-C-001'",
  )[0]!.public_id;
  const core = importedCore(target, '2026-11-27T01:00:00.000Z');
  try {
    const call = (channel: string, input: unknown) => core.router.call('w1', channel, input);
    expect(await call('session.signIn', { username: 'agent1', password: PASSWORD })).toMatchObject({
      ok: true,
    });
    expect(
      await call('cards.search', { key: 'customer-ref', customerRef: 'CR90000001' }),
    ).toMatchObject({ ok: true });
    expect(await call('cards.open', { cardId: card })).toMatchObject({ ok: true });
    return await call('caller.verify', { cardId: card, ...answers });
  } finally {
    core.close();
  }
}

const verified = { ok: true, value: { status: 'verified' } };
const unverified = { ok: true, value: { status: 'unverified' } };
const notLatest = {
  ok: false,
  error: { code: 'conflict', reason: 'verification.facts-not-latest' },
};

async function auditVerify(db: string[]) {
  return runCli(['audit', 'verify', ...db]);
}

describe('verification facts pinned or rolled back in the file', () => {
  it('each facts write is recorded in the trail without DOB, postcode or their hash', async () => {
    const { target, feed } = await setUp();
    const result = await importFile(target, feed, { now: '2026-11-27T00:00:00.000Z' });
    expect(result.counts['verification']).toMatchObject({ updated: 1 });
    const entries = read<{ subject_id: string; details: string }>(
      target,
      `SELECT subject_id, details FROM audit_log WHERE action = '${FACTS_CHANGED}' ORDER BY seq`,
    );
    // The sample's two cardholders, then the feed's one change.
    expect(entries).toHaveLength(3);
    const holder = read<{ public_id: string }>(
      target,
      "SELECT public_id FROM cardholders WHERE external_id = 'IMP-H-001'",
    )[0]!.public_id;
    expect(entries[2]!.subject_id).toBe(holder);
    const details = JSON.parse(entries[2]!.details) as Record<string, unknown>;
    expect(Object.keys(details).sort()).toEqual(['asOf', 'facts', 'runId']);
    expect(details['asOf']).toBe('2026-11-26T10:00:00.000Z');
    const row = factsRow(target);
    const text = entries.map((entry) => entry.details).join('\n');
    for (const secret of ['1977', '1500099', '150-0099', '1500041'])
      expect(text).not.toContain(secret);
    for (const column of ['pair_hash', 'salt', 'facts_mac'])
      expect(text).not.toContain((row[column] as Buffer).toString('hex'));
    // The same feed again changes nothing and records nothing.
    const again = await importFile(target, feed, { now: '2026-11-27T00:00:00.000Z' });
    expect(again.counts['verification']).toMatchObject({ unchanged: 1 });
    expect(
      read(target, `SELECT seq FROM audit_log WHERE action = '${FACTS_CHANGED}'`),
    ).toHaveLength(3);
    // An older export (the sample, as of the 19th) stays out: the trail vouches for the 26th.
    const older = await importFile(target, join(FIXTURES, 'issuer-sample.jsonl'), {
      now: '2026-11-27T00:00:00.000Z',
    });
    expect(older.counts['verification']).toMatchObject({ unchanged: 2 });
    expect(await answer(target, NEW)).toMatchObject(verified);
  });

  it('the newest facts entry edited (its as-of time moved ahead): refused; the next feed is written all the same', async () => {
    const { target, db, feed } = await setUp();
    const raw = keylessWriter(target.dbPath);
    try {
      editEntry(
        raw,
        `UPDATE audit_log SET details = json_set(details, '$.asOf', '9999-12-31T00:00:00.000Z')
         WHERE seq = (SELECT max(seq) FROM audit_log WHERE action = '${FACTS_CHANGED}'
           AND subject_id = (SELECT public_id FROM cardholders WHERE external_id = 'IMP-H-001'))`,
      );
    } finally {
      raw.close();
    }
    expect(await answer(target, OLD)).toMatchObject(notLatest);
    expect((await auditVerify(db)).code).not.toBe(0);
    const result = await importFile(target, feed, { now: '2026-11-27T00:00:00.000Z' });
    expect(result.counts['verification']).toMatchObject({ updated: 1 });
    expect(await answer(target, NEW)).toMatchObject(verified);
  });

  it('as_of pinned ahead: refused until the feed, which is written all the same', async () => {
    const { target, db, feed } = await setUp();
    const raw = keylessWriter(target.dbPath);
    raw.exec(
      `UPDATE verification_facts SET as_of = '9999-12-31T00:00:00Z'
       WHERE cardholder_id = (SELECT id FROM cardholders WHERE external_id = 'IMP-H-001')`,
    );
    raw.close();
    // The as-of time is sealed: the pinned row verifies nobody, and audit verify names it.
    expect(await answer(target, OLD)).toMatchObject({
      ok: false,
      error: { reason: 'verification.facts-altered' },
    });
    expect((await auditVerify(db)).code).toBe(1);
    const result = await importFile(target, feed, { now: '2026-11-27T00:00:00.000Z' });
    expect(result.counts['verification']).toMatchObject({ updated: 1 });
    expect((await auditVerify(db)).code).toBe(0);
    expect(await answer(target, OLD)).toMatchObject(unverified);
    expect(await answer(target, NEW)).toMatchObject(verified);
  });

  it('the facts row from before put back after the feed: refused, the lead alerted, audit verify names it', async () => {
    const { target, db, feed } = await setUp();
    const before = factsRow(target);
    const result = await importFile(target, feed, { now: '2026-11-27T00:00:00.000Z' });
    expect(result.counts['verification']).toMatchObject({ updated: 1 });
    // Control: the feed's facts hold, the old answers miss.
    expect(await answer(target, OLD)).toMatchObject(unverified);
    putBack(target, before);
    expect(await answer(target, OLD)).toMatchObject(notLatest);
    const alerts = read<{ details: string }>(
      target,
      "SELECT details FROM audit_log WHERE action = 'alert.altered-row' ORDER BY seq",
    );
    expect(alerts.map((alert) => JSON.parse(alert.details) as unknown)).toEqual([
      { table: 'verification_facts', trail: FACTS_CHANGED },
    ]);
    const verify = await auditVerify(db);
    expect(verify.code).toBe(1);
    expect(verify.stdout + verify.stderr).toMatch(/not the ones the trail last recorded/u);
    // The next import of the feed (same as-of time) writes the recorded facts back.
    const again = await importFile(target, feed, { now: '2026-11-27T00:00:00.000Z' });
    expect(again.counts['verification']).toMatchObject({ updated: 1 });
    expect((await auditVerify(db)).code).toBe(0);
    expect(await answer(target, NEW)).toMatchObject(verified);
  });

  it('a cardholder deleted: the removal is recorded, and audit verify stays clean', async () => {
    const { target, db } = await setUp();
    const del = join(tempDir(), 'delete.jsonl');
    writeFileSync(
      del,
      `${JSON.stringify({ type: 'delete', cardholderId: 'IMP-H-002', asOf: '2026-11-26T10:00:00Z' })}\n`,
    );
    const result = await importFile(target, del, { now: '2026-11-27T00:00:00.000Z' });
    expect(result.counts['delete']).toEqual({ deleted: 1 });
    const last = read<{ details: string }>(
      target,
      `SELECT details FROM audit_log WHERE action = '${FACTS_CHANGED}' ORDER BY seq DESC LIMIT 1`,
    )[0]!;
    expect(JSON.parse(last.details)).toMatchObject({
      facts: null,
      asOf: '2026-11-26T10:00:00.000Z',
    });
    expect((await auditVerify(db)).code).toBe(0);
  });

  it('the facts row deleted while the trail names one: refused', async () => {
    const { target, db } = await setUp();
    const raw = keylessWriter(target.dbPath);
    raw.exec(
      "DELETE FROM verification_facts WHERE cardholder_id = (SELECT id FROM cardholders WHERE external_id = 'IMP-H-001')",
    );
    raw.close();
    expect(await answer(target, OLD)).toMatchObject(notLatest);
    expect((await auditVerify(db)).code).toBe(1);
  });

  it('facts from before the as-of time was sealed still verify; the feed rewrites them whatever their as-of time, and they cannot be put back', async () => {
    const { target, db, feed } = await setUp({ withoutFacts: true });
    // A row as the previous version wrote it (seal v1: no as-of time), its as-of time pinned.
    await withImportDb(target, async ({ db: conn, keys }) => {
      const holder = conn
        .prepare("SELECT id FROM cardholders WHERE external_id = 'IMP-H-001'")
        .get() as { id: number };
      const asOf = '2026-11-19T22:00:00Z';
      const hash = await hashVerificationPair(
        keys,
        OLD.dob,
        OLD.postcode,
        importSalt(keys.current('lookup'), 'IMP-H-001', asOf),
      );
      const key = rowMacKey(keys.current('audit'));
      conn
        .prepare(
          `INSERT INTO verification_facts (cardholder_id, pair_hash, salt, cost, pepper_key_id,
             updated_at, as_of, facts_key_id, facts_mac)
           VALUES (?, ?, ?, ?, ?, ?, '9999-12-31T00:00:00Z', ?, ?)`,
        )
        .run(
          holder.id,
          hash.pairHash,
          hash.salt,
          hash.cost,
          hash.pepperKeyId,
          asOf,
          key.id,
          rowMac(key, FACTS_SEAL, [
            holder.id,
            hash.pairHash,
            hash.salt,
            hash.cost,
            hash.pepperKeyId,
          ]),
        );
    });
    const legacy = factsRow(target);
    expect(await answer(target, OLD)).toMatchObject(verified);
    expect((await auditVerify(db)).code).toBe(0);
    const result = await importFile(target, feed, { now: '2026-11-27T00:00:00.000Z' });
    expect(result.counts['verification']).toMatchObject({ updated: 1 });
    expect(await answer(target, NEW)).toMatchObject(verified);
    putBack(target, legacy);
    expect(await answer(target, OLD)).toMatchObject(notLatest);
    expect((await auditVerify(db)).code).toBe(1);
    // Nor by giving the cardholder another public id, so that the trail names none for it.
    const raw = keylessWriter(target.dbPath);
    raw.exec("UPDATE cardholders SET public_id = 'h_000000000000' WHERE external_id = 'IMP-H-001'");
    raw.close();
    expect(await answer(target, OLD)).toMatchObject(notLatest);
  });
});

/**
 * The importer finds every record's row by its external id: migration 023 seals the external id
 * of cardholders (holder-seal.ts) and of cards (card-refs.ts). Two cardholders' external ids
 * swapped in the file (no keys needed) fail their seals: the importer writes nothing into or
 * onto either ('cardholder-altered') — neither an accomplice's new facts onto the victim, nor
 * the victim's broken card onto the accomplice — and `audit verify` names both.
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../main/core/clock.ts';
import { createDeskCore } from '../../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../../main/core/desk-core-options.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { setAcsByCli } from '../acs/acs-fixture.ts';
import { runCli } from '../cli/cli-harness.ts';
import { FIXTURES, importFile, newDatabase } from './import-harness.ts';

const tempDir = useTempDir('verify-desk-import-identity-');
const PASSWORD = 'Agent-passw0rd-identity';
const SAMPLE = join(FIXTURES, 'issuer-sample.jsonl');
const NOW = new Date('2026-11-27T01:00:00.000Z');

function keyless(dbPath: string, sql: string): void {
  const raw = keylessWriter(dbPath);
  try {
    raw.exec(sql);
  } finally {
    raw.close();
  }
}
const SWAP = `
  UPDATE cardholders SET external_id = 'TMP' WHERE external_id = 'IMP-H-001';
  UPDATE cardholders SET external_id = 'IMP-H-001' WHERE external_id = 'IMP-H-002';
  UPDATE cardholders SET external_id = 'IMP-H-002' WHERE external_id = 'TMP';`;

/** The two cardholders' MACs as sealed, to put back (from a backup, or by the writer itself). */
function savedMacs(dbPath: string): { id: number; key: string; mac: Buffer }[] {
  const raw = new Database(dbPath, { readonly: true });
  try {
    return raw
      .prepare(
        `SELECT id, holder_key_id AS key, holder_mac AS mac FROM cardholders
         WHERE external_id IN ('IMP-H-001', 'IMP-H-002')`,
      )
      .all() as { id: number; key: string; mac: Buffer }[];
  } finally {
    raw.close();
  }
}

/** Swaps the ids back and puts back the MACs the writer's swaps garbled (no keys needed). */
function swapBack(dbPath: string, macs: { id: number; key: string; mac: Buffer }[]): void {
  keyless(dbPath, SWAP);
  const raw = keylessWriter(dbPath);
  try {
    const put = raw.prepare(
      'UPDATE cardholders SET holder_key_id = ?, holder_mac = ? WHERE id = ?',
    );
    for (const row of macs) put.run(row.key, row.mac, row.id);
  } finally {
    raw.close();
  }
}

function holderPublicIds(dbPath: string): string[] {
  const raw = new Database(dbPath, { readonly: true });
  try {
    return (
      raw
        .prepare(
          "SELECT public_id FROM cardholders WHERE external_id IN ('IMP-H-001', 'IMP-H-002') ORDER BY external_id",
        )
        .all() as { public_id: string }[]
    ).map((row) => row.public_id);
  } finally {
    raw.close();
  }
}

function victimCard(dbPath: string): { public_id: string; holder: string } {
  const raw = new Database(dbPath, { readonly: true });
  try {
    return raw
      .prepare(
        `SELECT c.public_id, h.external_id AS holder FROM cards c
         JOIN cardholders h ON h.id = c.cardholder_id WHERE c.external_id = 'IMP-C-001'`,
      )
      .get() as { public_id: string; holder: string };
  } finally {
    raw.close();
  }
}

async function setUp() {
  const dir = tempDir();
  const target = newDatabase(dir);
  await importFile(target, SAMPLE);
  const db = ['--db', target.dbPath, '--key-file', target.keyFile];
  // A network ACS (never reached: verification does not ask it).
  await setAcsByCli(target.dbPath, target.keyFile, 'https://127.0.0.1:9/acs');
  const added = await runCli(
    ['operator', 'add', ...db, '--username', 'agent1', '--role', 'agent', '--name', 'Agent One'],
    { password: PASSWORD },
  );
  expect(added.code).toBe(0);
  return { dir, target, db };
}

/** caller.verify on the victim's card with a DOB and postcode, in a fresh call. */
async function verifyOnVictim(
  target: { dbPath: string; keyFile: string },
  dob: string,
  postcode: string,
) {
  const core = createDeskCore(
    deskCoreOptions({
      dbPath: target.dbPath,
      keyFile: target.keyFile,
      clock: manualClock(NOW),
      logInternal: () => undefined,
    }),
  );
  try {
    const call = (channel: string, input: unknown) => core.router.call('w1', channel, input);
    expect(await call('session.signIn', { username: 'agent1', password: PASSWORD })).toMatchObject({
      ok: true,
    });
    expect(
      await call('cards.search', { key: 'customer-ref', customerRef: 'CR90000001' }),
    ).toMatchObject({ ok: true });
    const cardId = victimCard(target.dbPath).public_id;
    expect(await call('cards.open', { cardId })).toMatchObject({ ok: true });
    return await call('caller.verify', { cardId, dob, postcode });
  } finally {
    core.close();
  }
}

describe('the importer never resolves a record through an external id that fails its seal', () => {
  it("an accomplice's new facts are refused, not written onto the victim whose external id they swapped", async () => {
    const { dir, target, db } = await setUp();
    const altered = holderPublicIds(target.dbPath);
    const macs = savedMacs(target.dbPath);
    keyless(target.dbPath, SWAP);
    const feed = join(dir, 'feed.jsonl');
    writeFileSync(
      feed,
      `${JSON.stringify({
        type: 'verification',
        cardholderId: 'IMP-H-002',
        dateOfBirth: '1985-07-14',
        postcode: '106-0099',
        asOf: '2026-11-26T10:00:00Z',
      })}\n`,
    );
    const result = await importFile(target, feed, { now: '2026-11-27T00:00:00.000Z' });
    expect(result.counts['verification']).toMatchObject({ quarantined: 1 });
    expect(result.quarantine).toEqual([expect.objectContaining({ reason: 'cardholder-altered' })]);
    // audit verify names both cardholders while their ids are swapped.
    const verify = await runCli(['audit', 'verify', ...db]);
    expect(verify.code).toBe(1);
    for (const publicId of altered) expect(verify.stdout + verify.stderr).toContain(publicId);

    swapBack(target.dbPath, macs);
    expect((await runCli(['audit', 'verify', ...db])).code).toBe(0);
    // The accomplice's answers do not verify on the victim's card; the victim's still do.
    expect(await verifyOnVictim(target, '1985-07-14', '1060099')).toMatchObject({
      ok: true,
      value: { status: 'unverified' },
    });
    expect(await verifyOnVictim(target, '1977-03-29', '1500041')).toMatchObject({
      ok: true,
      value: { status: 'verified' },
    });
  });

  it("re-importing the full export does not move the victim's broken card onto the accomplice; once the ids are back it repairs it", async () => {
    const { target, db } = await setUp();
    const macs = savedMacs(target.dbPath);
    keyless(target.dbPath, SWAP);
    keyless(
      target.dbPath,
      "UPDATE cards SET acs_ref_mac = zeroblob(32) WHERE external_id = 'IMP-C-001'",
    );
    const again = await importFile(target, SAMPLE, { now: '2026-11-27T00:00:00.000Z' });
    expect(again.counts['card']).not.toMatchObject({ updated: expect.any(Number) });
    expect(again.quarantine).toEqual(
      expect.arrayContaining([expect.objectContaining({ reason: 'cardholder-altered' })]),
    );
    swapBack(target.dbPath, macs);
    expect(victimCard(target.dbPath).holder).toBe('IMP-H-001');
    // Still altered (its MAC broken): named, and verifies nobody.
    const verify = await runCli(['audit', 'verify', ...db]);
    expect(verify.code).toBe(1);
    expect(verify.stdout + verify.stderr).toContain(victimCard(target.dbPath).public_id);
    expect(await verifyOnVictim(target, '1985-07-14', '1060032')).toMatchObject({
      ok: false,
      error: { reason: 'verification.card-altered' },
    });
    // The ids back, the same export repairs the card onto its own cardholder.
    const repaired = await importFile(target, SAMPLE, { now: '2026-11-27T00:30:00.000Z' });
    expect(repaired.counts['card']).toMatchObject({ updated: 1 });
    expect(victimCard(target.dbPath).holder).toBe('IMP-H-001');
    expect((await runCli(['audit', 'verify', ...db])).code).toBe(0);
    expect(await verifyOnVictim(target, '1977-03-29', '1500041')).toMatchObject({
      ok: true,
      value: { status: 'verified' },
    });
  });
});

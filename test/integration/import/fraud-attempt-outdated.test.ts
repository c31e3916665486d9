/**
 * The import keeps the newest record of an attempt by its as-of time, read from auth_attempts —
 * not sealed. A writer without the keys who moves an attempt's `as_of` far ahead (or plants a row
 * under the id the ACS will use next, as_of far ahead) must not make the feed's later record of
 * it "unchanged": a row as of later than the import's clock (plus the skew it allows a record)
 * is taken as altered, the incoming record wins and the lead is alerted. And whatever wins, a
 * recent record flagged as suspected fraud (transStatusReason 10 or 11) gets its
 * `lockout.fraud-reason-seen` entry, so the card's reset is refused for fraud.
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { runCli } from '../cli/cli-harness.ts';
import { FIXTURES, importFile, newDatabase } from './import-harness.ts';
import { addAgent, importedCore } from './imported-desk.ts';

const tempDir = useTempDir('verify-desk-fraud-outdated-');
const PASSWORD = 'Agent-passw0rd-fraud';
const FUTURE = '9999-12-31T00:00:00Z';
// Later than the feed's record, not later than the import's clock: an ordinary newer row.
const LATER = '2026-11-20T00:59:30Z';

const flagged = (id: string) => ({
  type: 'attempt',
  id,
  cardId: 'IMP-C-001',
  at: '2026-11-20T00:56:00Z',
  merchantId: 'M-TOKYO-99',
  merchantName: 'Electronics Online',
  amountMinor: 298000,
  currency: 'JPY',
  method: 'frictionless',
  delivery: 'not-applicable',
  attemptsUsed: 0,
  attemptsAllowed: 3,
  resends: 0,
  outcome: 'rejected',
  transStatus: 'R',
  transStatusReason: '11',
  eci: '07',
  acsTransId: `acs-${id}`,
  dsTransId: `ds-${id}`,
  acsId: 'ACS-JP-1',
  dsId: 'DS-VISA',
  asOf: '2026-11-20T00:58:30Z',
});

async function run(tamper: 'none' | 'as-of' | 'planted' | 'newer-row') {
  const dir = tempDir();
  const target = newDatabase(dir);
  await importFile(target, join(FIXTURES, 'issuer-sample.jsonl'));
  await addAgent(target, PASSWORD);
  expect(
    (await runCli(['acs', 'training', '--db', target.dbPath, '--key-file', target.keyFile])).code,
  ).toBe(0);
  // 'as-of': the feed re-reports an attempt it sent before (ATT-IMP-0003) as suspected fraud.
  // 'planted'/'none': a new attempt, under the next id of the ACS's sequence.
  // 'newer-row': the feed re-reports ATT-IMP-0003 flagged after a newer record of it.
  const id = tamper === 'as-of' || tamper === 'newer-row' ? 'ATT-IMP-0003' : 'ATT-IMP-0099';
  const raw = keylessWriter(target.dbPath);
  if (tamper === 'as-of' || tamper === 'newer-row')
    raw
      .prepare('UPDATE auth_attempts SET as_of = ? WHERE external_id = ?')
      .run(tamper === 'as-of' ? FUTURE : LATER, id);
  if (tamper === 'planted') {
    const columns = (raw.prepare('PRAGMA table_info(auth_attempts)').all() as { name: string }[])
      .map((c) => c.name)
      .filter((name) => !['id', 'external_id', 'as_of'].includes(name));
    raw
      .prepare(
        `INSERT INTO auth_attempts (${columns.join(', ')}, external_id, as_of)
         SELECT ${columns.join(', ')}, ?, ? FROM auth_attempts WHERE external_id = 'ATT-IMP-0001'`,
      )
      .run(id, FUTURE);
  }
  raw.close();
  const feed = join(dir, 'feed.jsonl');
  writeFileSync(feed, `${JSON.stringify(flagged(id))}\n`);
  const imported = await importFile(target, feed);
  const read = new Database(target.dbPath, { readonly: true });
  const cardId = (
    read.prepare("SELECT public_id FROM cards WHERE external_id = 'IMP-C-001'").get() as {
      public_id: string;
    }
  ).public_id;
  const seen = read
    .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'lockout.fraud-reason-seen'")
    .get() as { n: number };
  const alerts = (
    read.prepare("SELECT details FROM audit_log WHERE action = 'alert.altered-row'").all() as {
      details: string;
    }[]
  ).map((row) => JSON.parse(row.details) as Record<string, unknown>);
  read.close();
  const core = importedCore(target);
  try {
    const call = (channel: string, input: unknown) => core.router.call('w1', channel, input);
    expect(await call('session.signIn', { username: 'agent1', password: PASSWORD })).toMatchObject({
      ok: true,
    });
    expect(
      await call('cards.search', { key: 'customer-ref', customerRef: 'CR90000001' }),
    ).toMatchObject({ ok: true });
    expect(await call('cards.open', { cardId })).toMatchObject({ ok: true });
    expect(
      await call('caller.verify', { cardId, dob: '1977-03-29', postcode: '1500041' }),
    ).toMatchObject({ ok: true, value: { status: 'verified' } });
    const status = await call('lockout.status', { cardId });
    const reset = await call('lockout.reset', {
      cardId,
      reason: 'cardholder-mistyped-code',
      note: 'Verified; code mistyped.',
    });
    return { imported, seen: seen.n, alerts, status, reset };
  } finally {
    core.close();
  }
}

describe('a flagged attempt the feed sends after its row was outdated in the file', () => {
  it('control: untouched, the reset is refused for fraud', async () => {
    const { status, seen, alerts } = await run('none');
    expect(status).toMatchObject({ ok: true, value: { allowed: false, refusal: 'fraud' } });
    expect(seen).toBe(1);
    expect(alerts).toEqual([]);
  });

  it.each(['as-of', 'planted'] as const)(
    'as_of moved ahead (%s): the flagged record wins, the lead is alerted, the reset is refused',
    async (tamper) => {
      const { imported, seen, alerts, status, reset } = await run(tamper);
      expect(imported.counts['attempt']).toMatchObject({ updated: 1 });
      expect(seen).toBe(1);
      expect(alerts).toContainEqual(expect.objectContaining({ table: 'auth_attempts', rows: 1 }));
      expect(status).toMatchObject({ ok: true, value: { allowed: false, refusal: 'fraud' } });
      expect(reset).not.toMatchObject({ ok: true });
    },
  );

  it('a row newer than the flagged record keeps its place, and the fraud is recorded all the same', async () => {
    const { imported, seen, alerts, status, reset } = await run('newer-row');
    expect(imported.counts['attempt']).toMatchObject({ unchanged: 1 });
    expect(seen).toBe(1);
    expect(alerts).toEqual([]);
    expect(status).toMatchObject({ ok: true, value: { allowed: false, refusal: 'fraud' } });
    expect(reset).not.toMatchObject({ ok: true });
  });
});

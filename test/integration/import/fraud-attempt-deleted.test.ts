/**
 * A checkout the issuer's feed reports as suspected fraud (transStatusReason 11) stops a reset
 * (fraud-at-send.ts) even if the attempt is deleted, or its reason changed, in the file before
 * any console looked at the card: the importer records each recent flagged attempt it writes
 * in the trail (`lockout.fraud-reason-seen`), and an entry edited in the file still counts
 * (and marks the trail broken).
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { runCli } from '../cli/cli-harness.ts';
import { FIXTURES, importFile, newDatabase } from './import-harness.ts';
import { addAgent, importedCore } from './imported-desk.ts';

const tempDir = useTempDir('verify-desk-fraud-deleted-');
const PASSWORD = 'Agent-passw0rd-fraud';

async function run(tamper: 'none' | 'delete' | 'reason' | 'entry') {
  const dir = tempDir();
  const target = newDatabase(dir);
  await importFile(target, join(FIXTURES, 'issuer-sample.jsonl'));
  const db = ['--db', target.dbPath, '--key-file', target.keyFile];
  await addAgent(target, PASSWORD);
  // A training database: the embedded gateway stands in for the ACS.
  expect((await runCli(['acs', 'training', ...db])).code).toBe(0);
  // The next feed: a checkout on the locked card flagged as suspected fraud.
  const feed = join(dir, 'feed.jsonl');
  writeFileSync(
    feed,
    `${JSON.stringify({
      type: 'attempt',
      id: 'ATT-IMP-0099',
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
      acsTransId: 'acs-7f3e-0099',
      dsTransId: 'ds-91a2-0099',
      acsId: 'ACS-JP-1',
      dsId: 'DS-VISA',
      asOf: '2026-11-20T00:58:30Z',
    })}\n`,
  );
  const imported = await importFile(target, feed);
  expect(imported.counts['attempt']).toMatchObject({ inserted: 1 });
  const raw = keylessWriter(target.dbPath);
  if (tamper === 'delete')
    raw.prepare("DELETE FROM auth_attempts WHERE trans_status_reason = '11'").run();
  if (tamper === 'reason')
    raw
      .prepare(
        "UPDATE auth_attempts SET trans_status_reason = '01' WHERE trans_status_reason = '11'",
      )
      .run();
  if (tamper === 'entry') {
    raw.prepare("DELETE FROM auth_attempts WHERE trans_status_reason = '11'").run();
    editEntry(
      raw,
      "UPDATE audit_log SET origin = origin || ' ' WHERE action = 'lockout.fraud-reason-seen'",
    );
  }
  raw.close();
  const read = new Database(target.dbPath, { readonly: true });
  const cardId = (
    read.prepare("SELECT public_id FROM cards WHERE external_id = 'IMP-C-001'").get() as {
      public_id: string;
    }
  ).public_id;
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
    return { status, reset };
  } finally {
    core.close();
  }
}

describe('a flagged attempt deleted before any console looked', () => {
  it.each(['none', 'delete', 'reason', 'entry'] as const)(
    'tampered with (%s): the reset is refused for fraud',
    async (tamper) => {
      const { status, reset } = await run(tamper);
      // The entry edited fails its MAC: fraud seen, and the trail marked broken, which the
      // decision says first.
      const refusal = tamper === 'entry' ? 'trail-broken' : 'fraud';
      expect(status).toMatchObject({ ok: true, value: { allowed: false, refusal } });
      expect(reset).toMatchObject({ ok: false });
    },
  );
});

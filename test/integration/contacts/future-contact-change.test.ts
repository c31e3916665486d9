/**
 * The recent-contact-change rule (reset-decision.ts) with a change the feed stamps ahead of the
 * console's clock — the issuer's core system a few minutes fast, or a JST time written with a
 * Z (9 hours ahead): the change is the most recent there is, and the reset goes to a lead, as
 * the same change stamped 10 minutes ago does.
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { runCli } from '../cli/cli-harness.ts';
import { FIXTURES, IMPORT_NOW, importFile, newDatabase } from '../import/import-harness.ts';
import { addAgent, importedCore } from '../import/imported-desk.ts';

const tempDir = useTempDir('verify-desk-future-contact-');
const PASSWORD = 'Agent-passw0rd-future1';

async function run(changedAt: string) {
  const dir = tempDir();
  const target = newDatabase(dir);
  await importFile(target, join(FIXTURES, 'issuer-sample.jsonl'));
  await addAgent(target, PASSWORD);
  expect(
    (await runCli(['acs', 'training', '--db', target.dbPath, '--key-file', target.keyFile])).code,
  ).toBe(0);
  // The next feed: the cardholder's mobile changed (the takeover's first step).
  const feed = join(dir, 'feed.jsonl');
  writeFileSync(
    feed,
    `${JSON.stringify({
      type: 'contact',
      cardholderId: 'IMP-H-001',
      kind: 'mobile',
      value: '080-5555-0199',
      status: 'verified',
      valueChangedAt: changedAt,
      asOf: '2026-11-20T00:59:00Z',
    })}\n`,
  );
  const imported = await importFile(target, feed);
  expect(imported.counts['contact']).toMatchObject({ updated: 1 });
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

describe('a contact change stamped ahead of the console clock', () => {
  it('control: a change 10 minutes ago sends the reset to a lead', async () => {
    const past = new Date(new Date(IMPORT_NOW).getTime() - 10 * 60_000).toISOString();
    const { status } = await run(past);
    expect(status).toMatchObject({
      ok: true,
      value: { allowed: true, escalation: ['recent-contact-change'] },
    });
  });

  it('the same change stamped 9 h ahead (JST written as Z): the reset goes to a lead too', async () => {
    const ahead = new Date(new Date(IMPORT_NOW).getTime() + 9 * 3600_000).toISOString();
    const { status, reset } = await run(ahead);
    expect(status).toMatchObject({
      ok: true,
      value: { allowed: true, escalation: ['recent-contact-change'] },
    });
    expect(reset).toMatchObject({ ok: true, value: { approval: { state: 'pending' } } });
  });
});

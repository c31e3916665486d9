/**
 * The second-reset rule counts the card's earlier clears as the audit trail vouches for them,
 * not only as the embedded ACS's lockout rows say (a demo, a training database): a writer
 * without the keys who deletes the cleared lockout row — one the import cleared, or one this
 * console reset — does not make a second reset within the window go through without a lead.
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { LOCKOUT_CLEARED } from '../../../main/core/lockout/vouched-clears.ts';
import type { ResetStatus } from '../../../shared/contract/index.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter, sealWrites } from '../../helpers/sealed-writer.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { FIXTURES, importFile, newDatabase } from '../import/import-harness.ts';

const demoCore = useDemoCore({ cardholders: 12 });
type Desk = Awaited<ReturnType<typeof demoCore>>;
const CARD = '(SELECT id FROM cards WHERE public_id = ?)';

async function verifiedStatus(
  desk: Desk,
  who: ReturnType<typeof demoScenarioPerson>,
): Promise<ResetStatus> {
  const cardId = who.cards[0]!.publicId;
  expect((await desk.openCard(cardId)).ok).toBe(true);
  expect(
    await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: who.dob,
      postcode: who.postcode,
    }),
  ).toMatchObject({ ok: true, value: { status: 'verified' } });
  const status = await desk.core.router.call('w1', 'lockout.status', { cardId });
  expect(status).toMatchObject({ ok: true });
  return (status as { value: ResetStatus }).value;
}

function deleteClearedRows(dbPath: string, cardId: string): void {
  const raw = keylessWriter(dbPath);
  try {
    expect(
      raw
        .prepare(`DELETE FROM lockouts WHERE cleared_at IS NOT NULL AND card_id = ${CARD}`)
        .run(cardId).changes,
    ).toBe(1);
  } finally {
    raw.close();
  }
}

describe('the earlier clear deleted in the file', () => {
  const who = demoScenarioPerson(DEMO_SEED, 'reset-yesterday');
  const cardId = who.cards[0]!.publicId;

  it('control: a second reset within 24 h goes to a lead', async () => {
    const desk = await demoCore();
    await desk.signIn('agent');
    expect((await verifiedStatus(desk, who)).escalation).toEqual(['second-reset']);
  });

  it('the lockout the import cleared yesterday deleted: the second reset still goes to a lead', async () => {
    const desk = await demoCore({}, ({ dbPath }) => deleteClearedRows(dbPath, cardId));
    await desk.signIn('agent');
    expect(await verifiedStatus(desk, who)).toMatchObject({
      allowed: true,
      escalation: ['second-reset'],
    });
  });

  it('the lockout this console reset deleted, and a new lock: the next reset still goes to a lead', async () => {
    const locked = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
    const lockedCard = locked.cards[0]!.publicId;
    const desk = await demoCore();
    await desk.signIn('agent');
    expect(await verifiedStatus(desk, locked)).toMatchObject({ allowed: true, escalation: [] });
    expect(
      await desk.core.router.call('w1', 'lockout.reset', {
        cardId: lockedCard,
        reason: 'cardholder-mistyped-code',
        note: 'Caller mistyped the code twice.',
      }),
    ).toMatchObject({ ok: true, value: { reset: { state: 'applied' } } });
    // The card locks again (a writer with the keys: the ACS feed), and the cleared row is
    // deleted without them.
    const feed = new Database(desk.dbPath);
    sealWrites(feed, desk.dbPath, desk.keyFile);
    feed
      .prepare(
        `INSERT INTO lockouts (card_id, cause, since, until, cleared_at)
         VALUES (${CARD}, 'wrong_codes', ?, NULL, NULL)`,
      )
      .run(lockedCard, new Date(desk.clock.now().getTime() - 60_000).toISOString());
    feed.close();
    deleteClearedRows(desk.dbPath, lockedCard);
    const status = await desk.core.router.call('w1', 'lockout.status', { cardId: lockedCard });
    expect(status).toMatchObject({
      ok: true,
      value: { allowed: true, escalation: ['second-reset'] },
    });
  });
});

describe('the entry of the earlier clear edited in the file, and the row deleted', () => {
  it("the import's clear moved back out of the window: no reset without a lead, the trail marked", async () => {
    const who = demoScenarioPerson(DEMO_SEED, 'reset-yesterday');
    const cardId = who.cards[0]!.publicId;
    const desk = await demoCore({}, ({ dbPath }) => {
      deleteClearedRows(dbPath, cardId);
      const raw = keylessWriter(dbPath);
      try {
        editEntry(
          raw,
          `UPDATE audit_log SET details = json_set(details, '$.clearedAt', '2026-01-01T00:00:00.000Z')
           WHERE action = '${LOCKOUT_CLEARED}' AND subject_id = '${cardId}'`,
        );
      } finally {
        raw.close();
      }
    });
    await desk.signIn('agent');
    // The clear edited reads as a clear now (vouched-clears.ts); and as an entry of the card
    // that fails its MAC, it marks the trail broken (fraud-at-send.ts), which refuses first.
    expect(await verifiedStatus(desk, who)).toMatchObject({
      allowed: false,
      refusal: 'trail-broken',
    });
  });

  it("this console's reset answered 'failure' in the trail: the next reset still goes to a lead", async () => {
    const locked = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
    const lockedCard = locked.cards[0]!.publicId;
    const desk = await demoCore();
    await desk.signIn('agent');
    await verifiedStatus(desk, locked);
    expect(
      await desk.core.router.call('w1', 'lockout.reset', {
        cardId: lockedCard,
        reason: 'cardholder-mistyped-code',
        note: 'Caller mistyped the code twice.',
      }),
    ).toMatchObject({ ok: true, value: { reset: { state: 'applied' } } });
    const feed = new Database(desk.dbPath);
    sealWrites(feed, desk.dbPath, desk.keyFile);
    feed
      .prepare(
        `INSERT INTO lockouts (card_id, cause, since, until, cleared_at)
         VALUES (${CARD}, 'wrong_codes', ?, NULL, NULL)`,
      )
      .run(lockedCard, new Date(desk.clock.now().getTime() - 60_000).toISOString());
    feed.close();
    deleteClearedRows(desk.dbPath, lockedCard);
    const raw = keylessWriter(desk.dbPath);
    try {
      editEntry(
        raw,
        "UPDATE audit_log SET result = 'failure' WHERE action = 'lockout.reset-applied'",
      );
    } finally {
      raw.close();
    }
    expect(
      await desk.core.router.call('w1', 'lockout.status', { cardId: lockedCard }),
    ).toMatchObject({
      ok: true,
      value: { allowed: true, escalation: ['second-reset'] },
    });
  });
});

describe('the import records each lockout it clears lately', () => {
  const tempDir = useTempDir('verify-desk-cleared-');

  it('one entry per clear within the longest second-reset window, none again for the same clear', async () => {
    const dir = tempDir();
    const target = newDatabase(dir);
    await importFile(target, join(FIXTURES, 'issuer-sample.jsonl'));
    const lockout = (id: string, since: string, clearedAt: string, asOf: string) =>
      JSON.stringify({
        type: 'lockout',
        id,
        cardId: 'IMP-C-001',
        cause: 'wrong_codes',
        since,
        until: null,
        clearedAt,
        asOf,
      });
    const feed = join(dir, 'feed.jsonl');
    writeFileSync(
      feed,
      [
        // Cleared an hour ago: recorded.
        lockout(
          'LK-IMP-0001',
          '2026-11-20T00:52:00Z',
          '2026-11-20T01:05:00Z',
          '2026-11-20T01:06:00Z',
        ),
        // Cleared eight days ago: can never make a reset go to a lead, not recorded.
        lockout(
          'LK-IMP-0002',
          '2026-11-11T00:00:00Z',
          '2026-11-12T00:00:00Z',
          '2026-11-12T00:00:00Z',
        ),
      ].join('\n') + '\n',
    );
    await importFile(target, feed, { now: '2026-11-20T02:00:00.000Z' });
    await importFile(target, feed, { now: '2026-11-20T03:00:00.000Z' });
    const db = new Database(target.dbPath, { readonly: true });
    const entries = db
      .prepare(
        "SELECT subject_type, subject_id, details FROM audit_log WHERE action = 'import.lockout-cleared'",
      )
      .all() as { subject_type: string; subject_id: string; details: string }[];
    const card = db
      .prepare("SELECT public_id FROM cards WHERE external_id = 'IMP-C-001'")
      .get() as {
      public_id: string;
    };
    db.close();
    expect(entries.map((e) => ({ ...e, details: JSON.parse(e.details) as unknown }))).toEqual([
      {
        subject_type: 'card',
        subject_id: card.public_id,
        details: expect.objectContaining({
          lockoutId: 'LK-IMP-0001',
          lockSince: '2026-11-20T00:52:00.000Z',
          cause: 'wrong_codes',
          clearedAt: '2026-11-20T01:05:00.000Z',
        }) as unknown,
      },
    ]);
  });
});

/**
 * The audit desk through the router on a demo database: pages newest first with a keyset
 * that neither skips nor repeats, every filter, each read itself audited, details with
 * codes only, and exports (CSV with a BOM and formulas neutralised, JSON Lines) whose row
 * count, hash and audit entry agree with the file.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { folderSaveSink, type SaveSink } from '../../../main/core/audit/save-sink.ts';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import type { ChannelOutput, Result } from '../../../shared/contract/index.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { runCli } from '../cli/cli-harness.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const tempDir = useTempDir();
const person = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = person.cards[0]!.publicId;

type ListReply = ChannelOutput<'audit.list'>;

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`refused: ${result.error.reason} ${result.error.message}`);
  return result.value as T;
}

/** A desk where an agent searched and opened a card, then an auditor signed in as w2. */
async function deskWithActivity(saveSink?: SaveSink) {
  const desk = await demoCore(saveSink ? { saveSink } : {});
  await desk.signIn('agent', 'w1');
  const opened = await desk.openCard(cardId, 'w1');
  expect(opened.ok).toBe(true);
  await desk.signIn('auditor', 'w2');
  const list = async (payload: object) =>
    value<ListReply>(await desk.core.router.call('w2', 'audit.list', payload));
  return { ...desk, list };
}

describe('audit desk', () => {
  it('pages newest first; the keyset continues without a gap or a repeat', async () => {
    const desk = await deskWithActivity();
    const all = desk.query<{ seq: number }>('SELECT seq FROM audit_log ORDER BY seq DESC');
    const seen: number[] = [];
    let before: number | undefined;
    let pages = 0;
    for (;;) {
      const page = await desk.list({ filter: {}, limit: 3, ...(before && { before }) });
      seen.push(...page.entries.map((e) => e.seq));
      expect(page.matched === null).toBe(pages > 0);
      pages++;
      if (page.nextBefore === null) break;
      before = page.nextBefore;
    }
    // Each page appended its own audit.list entry above the first: the walk read what was there.
    expect(seen).toEqual(all.map((r) => r.seq));
    const reads = desk.query<{ details: string }>(
      "SELECT details FROM audit_log WHERE action = 'audit.list' ORDER BY seq",
    );
    expect(reads).toHaveLength(pages);
    expect(JSON.parse(reads[0]!.details)).toMatchObject({ filter: {}, shown: 3, before: null });
  });

  it('filters by operator, group, action, result, card and time', async () => {
    const desk = await deskWithActivity();
    const byAgent = await desk.list({ filter: { operator: 'demo.agent' } });
    expect(byAgent.entries.length).toBeGreaterThan(0);
    expect(byAgent.entries.every((e) => e.operator === 'demo.agent')).toBe(true);
    expect(byAgent.matched).toBe(byAgent.entries.length);

    const reads = await desk.list({ filter: { group: 'read' } });
    expect(reads.entries.map((e) => e.action)).toEqual(['card.open']);
    expect(reads.entries[0]).toMatchObject({
      group: 'read',
      subjectType: 'card',
      subjectId: cardId,
    });

    const searches = await desk.list({ filter: { operator: 'demo.agent', action: 'card.search' } });
    expect(searches.entries.map((e) => e.action)).toEqual(['card.search']);

    // The card as a search's result (in details) and as the subject of opening it.
    const byCard = await desk.list({ filter: { cardId } });
    expect(byCard.entries.map((e) => e.action).sort()).toEqual(['card.open', 'card.search']);

    const signIns = await desk.list({ filter: { action: 'session.sign-in', result: 'success' } });
    expect(signIns.entries.map((e) => e.operator).sort()).toEqual(['demo.agent', 'demo.auditor']);

    const now = desk.clock.now();
    const later = new Date(now.getTime() + 60_000).toISOString();
    expect((await desk.list({ filter: { from: later } })).entries).toEqual([]);
    const upToNow = await desk.list({ filter: { to: later, operator: 'demo.agent' } });
    expect(upToNow.entries).toHaveLength(byAgent.entries.length);

    expect((await desk.list({ filter: { result: 'alert' } })).entries).toEqual([]);
    const audited = desk.query<{ details: string }>(
      "SELECT details FROM audit_log WHERE action = 'audit.list' AND username = 'demo.auditor'",
    );
    expect(audited.map((r) => JSON.parse(r.details).filter)).toContainEqual({
      operator: 'demo.agent',
      action: 'card.search',
    });
  });

  it('an entry opens with its details as codes; opening it is audited; an unknown one is not found', async () => {
    const desk = await deskWithActivity();
    const [search] = (await desk.list({ filter: { action: 'card.search' } })).entries;
    const opened = value<ChannelOutput<'audit.entry'>>(
      await desk.core.router.call('w2', 'audit.entry', { seq: search!.seq }),
    );
    expect(opened.entry).toEqual(search);
    expect(opened.details).toContainEqual({ key: 'cardIds', value: [cardId], withheld: false });
    expect(opened.details.every((d) => !d.withheld)).toBe(true);
    expect(
      desk.query(
        "SELECT 1 FROM audit_log WHERE action = 'audit.entry' AND subject_id = ?",
        String(search!.seq),
      ),
    ).toHaveLength(1);

    const missing = await desk.core.router.call('w2', 'audit.entry', { seq: 999_999 });
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'not_found', reason: 'audit.not-found' },
    });
  });

  it('exports CSV with a BOM, formulas neutralised, the filtered rows, audited with the hash', async () => {
    const exports = tempDir();
    const desk = await deskWithActivity(folderSaveSink(exports));
    // An admin names an operator so that a spreadsheet would run the name as a formula.
    const added = await runCli(
      [
        'operator',
        'add',
        '--db',
        desk.dbPath,
        '--key-file',
        desk.keyFile,
        '--username',
        'formula.agent',
        '--role',
        'agent',
        '--name',
        '=HYPERLINK("x")',
      ],
      { password: 'a-long-enough-password-1' },
    );
    expect(added.code, added.stderr).toBe(0);
    const signIn = await desk.core.router.call('w3', 'session.signIn', {
      username: 'formula.agent',
      password: 'a-long-enough-password-1',
    });
    expect(signIn.ok).toBe(true);

    const filter = { operator: 'formula.agent' };
    const listed = await desk.list({ filter });
    const reply = value<ChannelOutput<'audit.export'>>(
      await desk.core.router.call('w2', 'audit.export', { filter, format: 'csv' }),
    );
    expect(reply).toMatchObject({ saved: true, rows: listed.matched });
    const [file] = readdirSync(exports);
    const bytes = readFileSync(join(exports, file!));
    expect(file).toMatch(/^audit-\d{8}-\d{6}\.csv$/u);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(reply.sha256);
    const rows = parse(bytes.toString('utf8').slice(1), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(listed.matched!);
    expect(rows.map((r) => r.operator_name)).toEqual(rows.map(() => `'=HYPERLINK("x")`));
    expect(rows.every((r) => !/^[=+\-@\t\r]/u.test(r.operator_name!))).toBe(true);

    const [entry] = desk.query<{ username: string; details: string }>(
      "SELECT username, details FROM audit_log WHERE action = 'audit.export'",
    );
    expect(entry!.username).toBe('demo.auditor');
    expect(JSON.parse(entry!.details)).toEqual({
      filter,
      format: 'csv',
      rows: listed.matched,
      sha256: reply.sha256,
    });
  });

  it('exports JSON Lines; a cancelled save writes and audits nothing; no sink is refused', async () => {
    const exports = tempDir();
    const desk = await deskWithActivity(folderSaveSink(exports));
    const reply = value<ChannelOutput<'audit.export'>>(
      await desk.core.router.call('w2', 'audit.export', { filter: { cardId }, format: 'jsonl' }),
    );
    const [file] = readdirSync(exports);
    const lines = readFileSync(join(exports, file!), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(reply.rows);
    expect(lines.map((line) => JSON.parse(line).action).sort()).toEqual([
      'card.open',
      'card.search',
    ]);

    const cancelling = await deskWithActivity({ choosePath: () => Promise.resolve(null) });
    const before = cancelling.query('SELECT seq FROM audit_log').length;
    const cancelled = await cancelling.core.router.call('w2', 'audit.export', {
      filter: {},
      format: 'csv',
    });
    expect(cancelled).toMatchObject({ ok: true, value: { saved: false, rows: 0, sha256: null } });
    expect(cancelling.query('SELECT seq FROM audit_log')).toHaveLength(before);

    const noSink = await deskWithActivity();
    const refused = await noSink.core.router.call('w2', 'audit.export', {
      filter: {},
      format: 'csv',
    });
    expect(refused).toMatchObject({ ok: false, error: { reason: 'audit.export-unavailable' } });
  });
});

/**
 * `desk-admin audit list|export`: the same filter and writer as the console's audit desk; the
 * export's row count and SHA-256 match the file and its audit entry; a bad filter is refused
 * before anything is read or written.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { copyDemoDatabase } from '../../helpers/demo-template.ts';
import { TEST_PASSWORD_COST } from '../../helpers/test-password-cost.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { runCli } from './cli-harness.ts';
import Database from 'better-sqlite3';

const tempDir = useTempDir();

async function demo() {
  const dir = tempDir();
  const db = join(dir, 'desk.db');
  const keyFile = join(dir, 'desk.key');
  await copyDemoDatabase({
    dbPath: db,
    keyFile,
    cardholders: 6,
    passwordCost: TEST_PASSWORD_COST,
  });
  // Some trail beyond the demo's own entry: policy changes by an admin.
  for (const value of ['4', '5'])
    await runCli([
      'policy',
      'set',
      '--db',
      db,
      '--key-file',
      keyFile,
      '--key',
      'verificationMissesPerCall',
      '--value',
      value,
    ]);
  const entries = (where = '1') => {
    const raw = new Database(db, { readonly: true });
    try {
      return raw
        .prepare(`SELECT seq, action, details FROM audit_log WHERE ${where} ORDER BY seq`)
        .all() as {
        seq: number;
        action: string;
        details: string;
      }[];
    } finally {
      raw.close();
    }
  };
  return { dir, db, keyFile, entries, args: ['--db', db, '--key-file', keyFile] };
}

describe('desk-admin audit export', () => {
  it('writes the filtered range as CSV with a BOM, audited with its row count and hash', async () => {
    const { dir, args, entries } = await demo();
    const out = join(dir, 'policy.csv');
    const run = await runCli([
      'audit',
      'export',
      ...args,
      '--action',
      'policy.set',
      '--from',
      '2000-01-01T00:00:00Z',
      '--format',
      'csv',
      '--out',
      out,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const bytes = readFileSync(out);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(run.stdout).toBe(`Wrote 2 entries to ${out} (SHA-256 ${sha256}).\n`);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(bytes.toString('utf8').slice(1), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.map((r) => [r.action, JSON.parse(r.details!).after])).toEqual([
      ['policy.set', 5],
      ['policy.set', 4],
    ]);
    const [audited] = entries("action = 'audit.export'");
    expect(JSON.parse(audited!.details)).toEqual({
      filter: { action: 'policy.set', from: '2000-01-01T00:00:00.000Z' },
      format: 'csv',
      rows: 2,
      sha256,
    });
  });

  it('writes JSON Lines, one entry a line, newest first', async () => {
    const { dir, args, entries } = await demo();
    const out = join(dir, 'all.jsonl');
    expect(
      (await runCli(['audit', 'export', ...args, '--format', 'jsonl', '--out', out])).code,
    ).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number });
    const before = entries().filter((e) => e.action !== 'audit.export');
    expect(lines.map((l) => l.seq)).toEqual(before.map((e) => e.seq).reverse());
  });

  it('refuses a time without its zone, an unknown action or format, writing nothing', async () => {
    const { dir, args, entries } = await demo();
    const out = join(dir, 'x.csv');
    const count = entries().length;
    for (const bad of [
      ['--from', '2026-11-20 09:00'],
      ['--action', 'card.steal'],
      ['--result', 'maybe'],
    ]) {
      const run = await runCli([
        'audit',
        'export',
        ...args,
        ...bad,
        '--format',
        'csv',
        '--out',
        out,
      ]);
      expect(run.code).not.toBe(0);
    }
    const run = await runCli(['audit', 'export', ...args, '--format', 'xlsx', '--out', out]);
    expect(run.stderr).toMatch(/--format must be csv or jsonl/u);
    expect(existsSync(out)).toBe(false);
    expect(entries()).toHaveLength(count);
  });
});

describe('desk-admin audit list', () => {
  it('prints entries newest first, tab-separated, and audits the read', async () => {
    const { args, entries } = await demo();
    const run = await runCli(['audit', 'list', ...args, '--action', 'policy.set']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(lines.map((l) => l[3])).toEqual(['policy.set', 'policy.set']);
    expect(Number(lines[0]![0])).toBeGreaterThan(Number(lines[1]![0]));
    expect(entries("action = 'audit.list'")).toHaveLength(1);
  });
});

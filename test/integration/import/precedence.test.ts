/**
 * Upserts keyed on external ids with explicit precedence: the same file twice changes no
 * table; a lockout the console reset stays cleared when a feed exported before the reset
 * arrives; a later file with a changed mobile records the change with its effective date
 * (the recent-change warning reads it); an older record never overwrites a newer one; a
 * delete removes the cardholder's data and keeps it out, unless the console has records of
 * the card; a dry run writes nothing; imported lockouts are sealed and the audit trail
 * verifies after every import (desk-admin audit verify).
 */
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmbeddedAcsGateway } from '../../../main/core/acs/embedded-acs-gateway.ts';
import { createLockoutSeal } from '../../../main/core/acs/sealed-lockouts.ts';
import { openDatabase } from '../../../main/core/db/connection.ts';
import type { Edges } from '../../../main/core/edges.ts';
import { importsHandlers } from '../../../main/core/import/handlers.ts';
import { sealWrites } from '../../helpers/sealed-writer.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import {
  deskAdmin,
  FIXTURES,
  importFile,
  newDatabase,
  tableChecksums,
  withImportDb,
} from './import-harness.ts';

const tempDir = useTempDir('verify-desk-import-precedence-');
const SAMPLE = join(FIXTURES, 'issuer-sample.jsonl');
const CSV = join(FIXTURES, 'acs-attempts.csv');
const MAPPING = join(FIXTURES, 'acs-attempts.mapping.json');

function verifyAudit(target: { dbPath: string; keyFile: string }) {
  const run = deskAdmin('audit', 'verify', '--db', target.dbPath, '--key-file', target.keyFile);
  expect(run.stdout, run.stderr).toMatch(/^Audit trail intact/u);
  expect(run.status).toBe(0);
}

function lines(...records: object[]): string {
  return `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
}

const lockRecord = (asOf: string, clearedAt: string | null = null) => ({
  type: 'lockout',
  id: 'LK-IMP-0001',
  cardId: 'IMP-C-001',
  cause: 'wrong_codes',
  since: '2026-11-20T00:52:00Z',
  until: null,
  clearedAt,
  asOf,
});

describe('import precedence', () => {
  it('the same files twice change nothing the second time (table checksums)', async () => {
    const target = newDatabase(tempDir());
    const first = await importFile(target, SAMPLE);
    await importFile(target, CSV, { mapping: MAPPING });
    expect(first.counts.cardholder).toEqual({ inserted: 2 });
    const before = tableChecksums(target.dbPath);

    const again = await importFile(target, SAMPLE);
    await importFile(target, CSV, { mapping: MAPPING });
    expect(tableChecksums(target.dbPath)).toEqual(before);
    expect(Object.values(again.counts).every((c) => Object.keys(c).join() === 'unchanged')).toBe(
      true,
    );
    verifyAudit(target);
  });

  it('one audit entry per run with the file hash and counts, none per row (but one per facts written)', async () => {
    const target = newDatabase(tempDir());
    const result = await importFile(target, SAMPLE);
    const db = openDatabase(target.dbPath, { readonly: true });
    const entries = db
      .prepare(
        "SELECT action, details FROM audit_log WHERE action LIKE 'import.%' AND action <> 'import.facts-changed'",
      )
      .all() as { action: string; details: string }[];
    // Each cardholder's verification facts written (facts-trail.ts): the sample's two.
    const facts = db
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'import.facts-changed'")
      .get() as { n: number };
    db.close();
    expect(facts.n).toBe(2);
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0]!.details)).toMatchObject({
      file: 'issuer-sample.jsonl',
      sha256: result.fileSha256,
      counts: { attempt: { inserted: 4 }, lockout: { inserted: 1 } },
    });
  });

  it('an older feed after a reset leaves the card unlocked; a newer lock still locks', async () => {
    const dir = tempDir();
    const target = newDatabase(dir);
    await importFile(target, SAMPLE);
    const now = new Date('2026-11-20T01:00:00.000Z');
    await withImportDb(target, async ({ db, audit }) => {
      const gateway = createEmbeddedAcsGateway(db, createLockoutSeal(db, audit, 'test'));
      const cardId = (
        db.prepare("SELECT id FROM cards WHERE external_id = 'IMP-C-001'").get() as {
          id: number;
        }
      ).id;
      expect((await gateway.readState(cardId, now)).lock.state).toBe('locked');
      const applied = await gateway.applyReset({
        cardId,
        lockSince: new Date('2026-11-20T00:52:00Z'),
        at: now,
      } as Parameters<typeof gateway.applyReset>[0]);
      expect(applied).toBe('applied');
    });

    // Exported at 00:59, a minute before the reset: still shows the lock; must not re-open it.
    const older = join(dir, 'older-feed.jsonl');
    writeFileSync(older, lines(lockRecord('2026-11-20T00:59:00Z')));
    const result = await importFile(target, older, { now: '2026-11-20T01:05:00.000Z' });
    expect(result.counts.lockout).toEqual({ unchanged: 1 });

    const state = async () =>
      withImportDb(target, async ({ db, audit }) => {
        const gateway = createEmbeddedAcsGateway(db, createLockoutSeal(db, audit, 'test'));
        const card = db.prepare("SELECT id FROM cards WHERE external_id = 'IMP-C-001'").get() as {
          id: number;
        };
        return (await gateway.readState(card.id, new Date('2026-11-20T01:06:00.000Z'))).lock.state;
      });
    expect(await state()).toBe('unlocked');

    // Exported after the reset, the ACS says it is locked again: that is news, applied.
    const newer = join(dir, 'newer-feed.jsonl');
    writeFileSync(newer, lines(lockRecord('2026-11-20T01:03:00Z')));
    expect((await importFile(target, newer)).counts.lockout).toEqual({ updated: 1 });
    expect(await state()).toBe('locked');
    verifyAudit(target);
  });

  it("the console's freshness is the newest as-of among applied records; an older feed never moves it back", async () => {
    const dir = tempDir();
    const target = newDatabase(dir);
    const freshness = () =>
      withImportDb(target, ({ db }) =>
        importsHandlers({ db } as unknown as Edges)['imports.freshness']({}, {} as never),
      );
    expect(await freshness()).toEqual({ newestAsOf: null, lastImportAt: null });
    await importFile(target, SAMPLE, { now: '2026-11-20T01:01:00.000Z' });
    expect(await freshness()).toEqual({
      newestAsOf: '2026-11-20T00:58:00.000Z',
      lastImportAt: '2026-11-20T01:01:00.000Z',
    });
    const older = join(dir, 'older-feed.jsonl');
    writeFileSync(older, lines(lockRecord('2026-11-20T00:30:00Z')));
    await importFile(target, older, { now: '2026-11-20T01:02:00.000Z' });
    expect(await freshness()).toEqual({
      newestAsOf: '2026-11-20T00:58:00.000Z',
      lastImportAt: '2026-11-20T01:02:00.000Z',
    });
    // A record dated ahead of the clock is quarantined, never pinning the freshness there.
    const future = join(dir, 'future-feed.jsonl');
    writeFileSync(future, lines(lockRecord('2099-01-01T00:00:00Z')));
    const fromTheFuture = await importFile(target, future, { now: '2026-11-20T01:03:00.000Z' });
    expect(fromTheFuture.quarantine).toEqual([
      expect.objectContaining({ reason: 'as-of-in-future', field: 'asOf' }),
    ]);
    // A file whose every line is quarantined says nothing about freshness.
    const bad = join(dir, 'bad-feed.jsonl');
    writeFileSync(bad, lines({ ...lockRecord('2026-11-20T02:00:00Z'), cause: 'no-such-cause' }));
    await importFile(target, bad, { now: '2026-11-20T01:03:00.000Z' });
    expect((await freshness()).newestAsOf).toBe('2026-11-20T00:58:00.000Z');
  });

  it('a changed mobile is recorded with its date; an older record never overwrites', async () => {
    const dir = tempDir();
    const target = newDatabase(dir);
    await importFile(target, SAMPLE);
    const contact = (asOf: string, value: string) => ({
      type: 'contact',
      cardholderId: 'IMP-H-001',
      kind: 'mobile',
      value,
      status: 'unverified',
      asOf,
    });
    const read = () => {
      const db = openDatabase(target.dbPath, { readonly: true });
      const row = db
        .prepare(
          `SELECT masked, status, value_changed_at, updated_at FROM contact_points p
           JOIN cardholders h ON h.id = p.cardholder_id
           WHERE h.external_id = 'IMP-H-001' AND kind = 'mobile'`,
        )
        .get();
      db.close();
      return row;
    };
    // Same number, newer export: the status changes, the value did not.
    const same = join(dir, 'same.jsonl');
    writeFileSync(same, lines(contact('2026-11-20T00:10:00Z', '+81 90 8123 4567')));
    await importFile(target, same);
    expect(read()).toMatchObject({ status: 'unverified', value_changed_at: null });

    const changed = join(dir, 'changed.jsonl');
    writeFileSync(changed, lines(contact('2026-11-20T00:20:00Z', '070-1111-2233')));
    await importFile(target, changed);
    expect(read()).toEqual({
      masked: '+81 •• •••• ••33',
      status: 'unverified',
      value_changed_at: '2026-11-20T00:20:00.000Z',
      updated_at: '2026-11-20T00:20:00.000Z',
    });

    const stale = join(dir, 'stale.jsonl');
    writeFileSync(stale, lines(contact('2026-11-19T23:00:00Z', '090-9999-0000')));
    expect((await importFile(target, stale)).counts.contact).toEqual({ unchanged: 1 });
    expect(read()).toMatchObject({ masked: '+81 •• •••• ••33' });
  });

  it('a delete removes the cardholder and keeps them out of older files', async () => {
    const dir = tempDir();
    const target = newDatabase(dir);
    await importFile(target, SAMPLE);
    const del = join(dir, 'delete.jsonl');
    writeFileSync(
      del,
      lines({ type: 'delete', cardholderId: 'IMP-H-002', asOf: '2026-11-20T00:30:00Z' }),
    );
    expect((await importFile(target, del)).counts.delete).toEqual({ deleted: 1 });
    const count = () => {
      const db = openDatabase(target.dbPath, { readonly: true });
      const n = db
        .prepare(
          `SELECT (SELECT count(*) FROM cardholders WHERE external_id = 'IMP-H-002')
                + (SELECT count(*) FROM cards WHERE external_id = 'IMP-C-002')
                + (SELECT count(*) FROM auth_attempts WHERE external_id = 'ATT-IMP-0101') AS n`,
        )
        .get() as { n: number };
      db.close();
      return n.n;
    };
    expect(count()).toBe(0);
    // The sample is older than the delete: importing it again does not bring them back.
    const again = await importFile(target, SAMPLE);
    expect(again.counts.cardholder).toEqual({ unchanged: 2 });
    expect(count()).toBe(0);
    expect(again.quarantine.map((q) => q.reason)).toEqual([
      'unknown-cardholder',
      'unknown-cardholder',
      'unknown-cardholder',
      'unknown-card',
    ]);
    verifyAudit(target);
  });
});

describe('import deletes and dry runs', () => {
  it('a cardholder the console has a call for is kept and the delete quarantined', async () => {
    const dir = tempDir();
    const target = newDatabase(dir);
    await importFile(target, SAMPLE);
    // A call the console recorded on the card (as an agent opening it would).
    const raw = new Database(target.dbPath);
    sealWrites(raw, target.dbPath, target.keyFile);
    raw.transaction(() => {
      raw
        .prepare(
          `INSERT INTO operators (username, display_name, role, password_hash, password_changed_at, created_at)
           VALUES ('a.agent', 'An Agent', 'agent', 'scrypt$x', ?, ?)`,
        )
        .run('2026-11-20T00:00:00.000Z', '2026-11-20T00:00:00.000Z');
      raw
        .prepare(
          `INSERT INTO calls (public_id, card_id, operator_id, started_at)
           SELECT 'call-1', c.id, o.id, '2026-11-20T00:55:00.000Z' FROM cards c, operators o
           WHERE c.external_id = 'IMP-C-001' AND o.username = 'a.agent'`,
        )
        .run();
    })();
    raw.close();
    const before = tableChecksums(target.dbPath);
    const del = join(dir, 'delete.jsonl');
    writeFileSync(
      del,
      lines({ type: 'delete', cardholderId: 'IMP-H-001', asOf: '2026-11-20T00:59:00Z' }),
    );
    const result = await importFile(target, del);
    expect(result.quarantine).toEqual([
      {
        line: 1,
        recordType: 'delete',
        externalId: 'IMP-H-001',
        reason: 'has-console-history',
        field: null,
      },
    ]);
    expect(tableChecksums(target.dbPath)).toEqual(before);
  });

  it('--dry-run validates and reports without writing anything', async () => {
    const dir = tempDir();
    const target = newDatabase(dir);
    const audit = () => {
      const db = openDatabase(target.dbPath, { readonly: true });
      const n = (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
      const runs = (db.prepare('SELECT count(*) AS n FROM import_runs').get() as { n: number }).n;
      db.close();
      return { n, runs };
    };
    const before = { tables: tableChecksums(target.dbPath), audit: audit() };
    const file = join(dir, 'mixed.jsonl');
    writeFileSync(
      file,
      `${readFileSync(SAMPLE, 'utf8')}{"type":"card","id":"ORPHAN","cardholderId":"NOBODY","cardNumber":"4532917766128080","product":"gold","asOf":"2026-11-19T22:00:00Z"}\nnot json\n`,
    );
    const result = await importFile(target, file, { dryRun: true });
    expect(result.state).toBe('dry-run');
    expect(result.counts.cardholder).toEqual({ valid: 2 });
    expect(result.quarantine.map((q) => [q.line, q.reason])).toEqual([
      [15, 'unknown-cardholder'],
      [16, 'not-json'],
    ]);
    expect({ tables: tableChecksums(target.dbPath), audit: audit() }).toEqual(before);
  });
});

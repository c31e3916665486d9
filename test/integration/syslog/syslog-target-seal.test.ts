/**
 * The central log server the trail is forwarded to is named by the syslog_config row, which has
 * no MAC: someone who writes the database file without the keys could point it at their own
 * collector (and CA), and every console would send them the whole audit trail while the real
 * collector hears nothing more. The forwarder sends only to the target the trail's newest
 * syslog.set entry (whose MAC verifies) names, and — since that entry can be hidden so an older
 * one vouches for an older target put back — the one the key store records
 * (keys/syslog-head.ts). Anything else: nothing is sent, the lead is alerted, `audit verify`
 * names the row. A key store without the note (a target set before it kept one) falls back
 * to the trail, so nothing breaks on upgrade.
 */
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { startTestCollector, type TestCollector } from '../../helpers/syslog-collector.ts';
import { runCli } from '../cli/cli-harness.ts';

const demoCore = useDemoCore({ cardholders: 6 });
const CA = fileURLToPath(new URL('../../fixtures/syslog/ca.pem', import.meta.url));
const LEAF = fileURLToPath(new URL('../../fixtures/syslog/collector.pem', import.meta.url));

const collectors: TestCollector[] = [];
afterEach(async () => {
  for (const collector of collectors.splice(0)) await collector.close();
});
const collector = async () => {
  const started = await startTestCollector();
  collectors.push(started);
  return started;
};

const setTarget = async (paths: { dbPath: string; keyFile: string }, port: number, ca = CA) => {
  const run = await runCli([
    'syslog',
    'set',
    '--db',
    paths.dbPath,
    '--key-file',
    paths.keyFile,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--ca',
    ca,
  ]);
  expect(run.code, run.stderr).toBe(0);
};

/** What someone with the file and no key does: plain SQL on the unsealed row. */
const rawSql = (dbPath: string, sql: string, ...params: unknown[]) => {
  const raw = new Database(dbPath);
  try {
    raw.prepare(sql).run(...params);
  } finally {
    raw.close();
  }
};

/** Edits the newest syslog.set with `sql` (its seq as `?`), triggers dropped and put back. */
const hideEntry = (dbPath: string, sql: string): number => {
  const raw = keylessWriter(dbPath);
  try {
    const { seq } = raw
      .prepare("SELECT max(seq) AS seq FROM audit_log WHERE action = 'syslog.set'")
      .get() as { seq: number };
    editEntry(raw, sql.replace('?', String(seq)));
    return seq;
  } finally {
    raw.close();
  }
};

const keyDocument = (keyFile: string) =>
  JSON.parse(readFileSync(keyFile, 'utf8')) as {
    syslogHead?: { seq: number; targetSha256: string };
  } & Record<string, unknown>;

/** Waits until `done` holds (every 50 ms), for at most `ms`; says whether it did. */
async function within(ms: number, done: () => boolean): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

const verify = (paths: { dbPath: string; keyFile: string }) =>
  runCli(['audit', 'verify', '--db', paths.dbPath, '--key-file', paths.keyFile]);

describe('the central log server the trail is forwarded to', () => {
  it('`syslog set` records the target in the key store, and a console forwards there', async () => {
    const real = await collector();
    let paths = { dbPath: '', keyFile: '' };
    const desk = await demoCore({ forwardSyslog: true }, async (p) => {
      paths = p;
      await setTarget(p, real.port);
    });
    const [entry] = desk.query<{ seq: number }>(
      "SELECT seq FROM audit_log WHERE action = 'syslog.set'",
    );
    expect(keyDocument(paths.keyFile).syslogHead).toEqual({
      seq: entry!.seq,
      targetSha256: expect.stringMatching(/^[0-9a-f]{64}$/u),
    });
    expect(await within(10_000, () => real.received.length > 0)).toBe(true);
    expect(desk.query('SELECT kind, scope FROM alerts')).toEqual([]);
    const status = await runCli([
      'syslog',
      'status',
      '--db',
      paths.dbPath,
      '--key-file',
      paths.keyFile,
    ]);
    expect(status.stdout).toMatch(/^Forwarding to 127\.0\.0\.1:\d+: delivered through entry/u);
    const run = await verify(paths);
    expect(run.code).not.toBe(1);
    expect(run.stdout).not.toContain('syslog_config');
  }, 30_000);

  it('a row pointed at another collector in the file: nothing is sent to it, the lead is alerted, audit verify names the row', async () => {
    const real = await collector();
    const insider = await collector();
    let paths = { dbPath: '', keyFile: '' };
    const desk = await demoCore({ forwardSyslog: true }, async (p) => {
      paths = p;
      await setTarget(p, real.port);
      rawSql(p.dbPath, 'UPDATE syslog_config SET port = ? WHERE id = 1', insider.port);
    });
    const alerted = () =>
      desk.query("SELECT 1 FROM alerts WHERE kind = 'altered-row' AND scope = 'syslog_config'")
        .length > 0;
    await within(6_000, () => alerted() || insider.received.length > 0);
    await sleep(1_500); // a few more of the forwarder's steps
    expect(insider.received).toEqual([]);
    expect(real.received).toEqual([]);
    expect(alerted()).toBe(true);
    expect(desk.internal.some((line) => line.includes('syslog_config'))).toBe(true);
    // One alert, however many steps refused the row.
    expect(desk.query("SELECT 1 FROM audit_log WHERE action = 'alert.altered-row'")).toHaveLength(
      1,
    );

    const status = await runCli([
      'syslog',
      'status',
      '--db',
      paths.dbPath,
      '--key-file',
      paths.keyFile,
    ]);
    expect(status.stdout).toMatch(/^Not forwarding: the syslog_config row is not used \(/u);

    const run = await verify(paths);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /syslog_config row is not the one its last setting \(audit entry \d+, syslog\.set\)/u,
    );
  }, 30_000);

  it('only the CA swapped: the row is altered (audit verify names it)', async () => {
    const real = await collector();
    let paths = { dbPath: '', keyFile: '' };
    await demoCore({}, async (p) => {
      paths = p;
      await setTarget(p, real.port);
      rawSql(
        p.dbPath,
        'UPDATE syslog_config SET ca_pem = ? WHERE id = 1',
        readFileSync(LEAF, 'utf8'),
      );
    });
    const run = await verify(paths);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('caSha256');
    expect(run.stdout).toContain('syslog_config');
  }, 30_000);

  it('the newest syslog.set hidden and the older target put back: refused by the key store, nothing reaches either collector', async () => {
    const old = await collector();
    const real = await collector();
    let paths = { dbPath: '', keyFile: '' };
    let hidden = 0;
    const desk = await demoCore({ forwardSyslog: true }, async (p) => {
      paths = p;
      await setTarget(p, old.port);
      await setTarget(p, real.port);
      // The newest syslog.set renamed (its MAC fails, but only a full verification reads it):
      // the trail's newest syslog.set is now the older one, which names the old target.
      hidden = hideEntry(p.dbPath, "UPDATE audit_log SET action = 'card.open' WHERE seq = ?");
      rawSql(p.dbPath, 'UPDATE syslog_config SET port = ? WHERE id = 1', old.port);
    });
    expect(keyDocument(paths.keyFile).syslogHead?.seq).toBe(hidden);
    const alerted = () =>
      desk.query("SELECT 1 FROM alerts WHERE kind = 'altered-row' AND scope = 'syslog_config'")
        .length > 0;
    await within(6_000, () => alerted() || old.received.length > 0);
    await sleep(1_500);
    expect(old.received).toEqual([]);
    expect(real.received).toEqual([]);
    expect(alerted()).toBe(true);
    expect(
      desk.internal.some((line) =>
        line.includes(`the setting the key store records (audit entry ${hidden})`),
      ),
    ).toBe(true);
  }, 30_000);

  it('the newest syslog.set flipped to a failure and the older target put back: that entry does not verify, nothing is sent', async () => {
    const old = await collector();
    const real = await collector();
    let paths = { dbPath: '', keyFile: '' };
    const desk = await demoCore({ forwardSyslog: true }, async (p) => {
      paths = p;
      await setTarget(p, old.port);
      await setTarget(p, real.port);
      hideEntry(p.dbPath, "UPDATE audit_log SET result = 'failure' WHERE seq = ?");
      rawSql(p.dbPath, 'UPDATE syslog_config SET port = ? WHERE id = 1', old.port);
    });
    const alerted = () =>
      desk.query("SELECT 1 FROM alerts WHERE kind = 'altered-row' AND scope = 'syslog_config'")
        .length > 0;
    await within(6_000, () => alerted() || old.received.length > 0);
    await sleep(1_500);
    expect(old.received).toEqual([]);
    expect(real.received).toEqual([]);
    expect(alerted()).toBe(true);
    expect((await verify(paths)).code).toBe(1);
  }, 30_000);

  it('the row deleted while the trail says a target was set: the lead is alerted, audit verify names it', async () => {
    const real = await collector();
    let paths = { dbPath: '', keyFile: '' };
    const desk = await demoCore({ forwardSyslog: true }, async (p) => {
      paths = p;
      await setTarget(p, real.port);
      rawSql(p.dbPath, 'DELETE FROM syslog_config');
    });
    const alerted = () =>
      desk.query("SELECT 1 FROM alerts WHERE kind = 'altered-row' AND scope = 'syslog_config'")
        .length > 0;
    expect(await within(6_000, alerted)).toBe(true);
    const run = await verify(paths);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('the syslog_config row is gone');
  }, 30_000);

  it('a row planted where no syslog.set ever set one: nothing is sent', async () => {
    const insider = await collector();
    let paths = { dbPath: '', keyFile: '' };
    const desk = await demoCore({ forwardSyslog: true }, (p) => {
      paths = p;
      rawSql(
        p.dbPath,
        `INSERT INTO syslog_config (id, host, port, ca_pem, updated_at)
         VALUES (1, '127.0.0.1', ?, ?, '2026-11-25T00:00:00.000Z')`,
        insider.port,
        readFileSync(CA, 'utf8'),
      );
    });
    const alerted = () =>
      desk.query("SELECT 1 FROM alerts WHERE kind = 'altered-row' AND scope = 'syslog_config'")
        .length > 0;
    await within(6_000, () => alerted() || insider.received.length > 0);
    await sleep(1_500);
    expect(insider.received).toEqual([]);
    expect(alerted()).toBe(true);
    expect((await verify(paths)).stdout).toContain('syslog_config');
  }, 30_000);

  it('a target set before the key store kept one (no note): the trail vouches, forwarding goes on, and the note is recorded', async () => {
    const real = await collector();
    let paths = { dbPath: '', keyFile: '' };
    const desk = await demoCore({ forwardSyslog: true }, async (p) => {
      paths = p;
      await setTarget(p, real.port);
      // The key document as a version before this one wrote it: no note of the target.
      const { syslogHead: _note, ...before } = keyDocument(p.keyFile);
      writeFileSync(p.keyFile, `${JSON.stringify(before, null, 2)}\n`, { mode: 0o600 });
    });
    expect(await within(10_000, () => real.received.length > 0)).toBe(true);
    expect(desk.query('SELECT kind, scope FROM alerts')).toEqual([]);
    const [entry] = desk.query<{ seq: number }>(
      "SELECT seq FROM audit_log WHERE action = 'syslog.set'",
    );
    expect(keyDocument(paths.keyFile).syslogHead?.seq).toBe(entry!.seq);
    const run = await verify(paths);
    expect(run.code).not.toBe(1);
    expect(run.stdout).not.toContain('syslog_config');
  }, 30_000);
});

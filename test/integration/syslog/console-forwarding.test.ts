/**
 * The console forwards: `desk-admin syslog set` names the collector (validated, audited), and
 * a console core running on the database sends its trail there, sign-ins included; `syslog
 * status` says how far the collector has it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createDeskCore } from '../../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../../main/core/desk-core-options.ts';
import { NOTE_EVERY_MS } from '../../../main/core/syslog/syslog-forwarder.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { startTestCollector } from '../../helpers/syslog-collector.ts';
import { runCli } from '../cli/cli-harness.ts';

const demoCore = useDemoCore({ cardholders: 6 });
const CA = fileURLToPath(new URL('../../fixtures/syslog/ca.pem', import.meta.url));
const KEY = fileURLToPath(new URL('../../fixtures/syslog/collector-key.pem', import.meta.url));

describe('console forwarding', () => {
  it('sends the trail to the collector desk-admin set, sign-ins included', async () => {
    const collector = await startTestCollector();
    try {
      const desk = await demoCore({ forwardSyslog: true });
      const db = ['--db', desk.dbPath, '--key-file', desk.keyFile];
      const set = await runCli([
        'syslog',
        'set',
        ...db,
        '--host',
        '127.0.0.1',
        '--port',
        String(collector.port),
        '--ca',
        CA,
      ]);
      expect(set.code, set.stderr).toBe(0);
      const [entry] = desk.query<{ details: string }>(
        "SELECT details FROM audit_log WHERE action = 'syslog.set'",
      );
      expect(JSON.parse(entry!.details)).toMatchObject({
        before: null,
        after: { host: '127.0.0.1', port: collector.port },
      });
      await desk.signIn('auditor');
      const deadline = Date.now() + 15_000;
      while (!collector.received.some((m) => m.raw.includes(' session.sign-in '))) {
        if (Date.now() > deadline) throw new Error('the sign-in never reached the collector');
        await sleep(50);
      }
      const seqs = collector.received.map((m) => m.seq);
      expect(seqs.slice(0, 3)).toEqual([1, 2, 3]);
      const status = await runCli(['syslog', 'status', '--db', desk.dbPath]);
      expect(status.stdout).toMatch(
        /^Forwarding to 127\.0\.0\.1:\d+: delivered through entry \d+ of \d+\.$/mu,
      );
    } finally {
      await collector.close();
    }
  }, 40_000);

  it('refuses a bad host, port or CA and changes nothing', async () => {
    const desk = await demoCore();
    const db = ['--db', desk.dbPath, '--key-file', desk.keyFile];
    const before = desk.query('SELECT seq FROM audit_log').length;
    for (const [args, message] of [
      [['--host', 'bad host!', '--port', '6514', '--ca', CA], /not a host name/u],
      [['--host', 'logs.example.jp', '--port', '70000', '--ca', CA], /port/u],
      [['--host', 'logs.example.jp', '--port', '6514', '--ca', KEY], /not a PEM certificate/u],
    ] as const) {
      const run = await runCli(['syslog', 'set', ...db, ...args]);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(message);
    }
    expect(desk.query('SELECT seq FROM audit_log')).toHaveLength(before);
    expect(desk.query('SELECT * FROM syslog_config')).toEqual([]);
  });

  it('refuses to start on a trail that ends before what the collector already holds', async () => {
    const collector = await startTestCollector();
    try {
      const desk = await demoCore({ forwardSyslog: true });
      const db = ['--db', desk.dbPath, '--key-file', desk.keyFile];
      const set = await runCli([
        'syslog',
        'set',
        ...db,
        '--host',
        '127.0.0.1',
        '--port',
        String(collector.port),
        '--ca',
        CA,
      ]);
      expect(set.code, set.stderr).toBe(0);
      await desk.signIn('auditor');
      const newest = () => desk.query<{ n: number }>('SELECT max(seq) AS n FROM audit_log')[0]!.n;
      const delivered = () =>
        desk.query<{ n: number }>('SELECT delivered_through AS n FROM syslog_cursor')[0]!.n;
      const deadline = Date.now() + 15_000;
      while (delivered() < newest()) {
        if (Date.now() > deadline) throw new Error('the trail never reached the collector');
        await sleep(50);
      }
      const options = deskCoreOptions({
        dbPath: desk.dbPath,
        keyFile: desk.keyFile,
        clock: desk.clock,
        logInternal: () => undefined,
        forwardSyslog: true,
      });
      // In step with the collector, a core starts (and closes again).
      createDeskCore(options).close();

      // The collector holds more than the database: entries were taken out of it.
      const held = newest() + 3;
      const raw = new Database(desk.dbPath);
      raw.prepare('UPDATE syslog_cursor SET delivered_through = ?').run(held);
      raw.close();
      const before = desk.snapshot();
      expect(() => createDeskCore(options)).toThrow(
        new RegExp(
          `The central log server already holds audit entries up to ${held}, but this database's trail ends at ${held - 3}`,
          'u',
        ),
      );
      expect(desk.snapshot()).toBe(before);
      // desk-admin's writers refuse too, so writing past the mark cannot hide the cut; the
      // verifier still runs and says what it found.
      const policy = await runCli([
        'policy',
        'set',
        ...db,
        '--key',
        'idleLockMinutes',
        '--value',
        '10',
      ]);
      expect(policy.code).not.toBe(0);
      expect(policy.stderr).toMatch(/already holds audit entries up to/u);
      expect(desk.snapshot()).toBe(before);
      const verify = await runCli(['audit', 'verify', ...db]);
      expect(verify.code).toBe(1);
      expect(verify.stdout).toContain(
        `the central collector received entry ${held}, but the log ends at entry ${held - 3}`,
      );
    } finally {
      await collector.close();
    }
  }, 40_000);

  it('a tail cut with the cursor row lowered to match is still refused: the key store holds the position', async () => {
    const collector = await startTestCollector();
    try {
      const desk = await demoCore({ forwardSyslog: true });
      const db = ['--db', desk.dbPath, '--key-file', desk.keyFile];
      const set = await runCli([
        'syslog',
        'set',
        ...db,
        '--host',
        '127.0.0.1',
        '--port',
        String(collector.port),
        '--ca',
        CA,
      ]);
      expect(set.code, set.stderr).toBe(0);
      const backupPath = join(desk.dir, 'backup.db');
      const backup = await runCli(['backup', ...db, '--to', backupPath]);
      expect(backup.code, backup.stderr).toBe(0);
      await desk.signIn('auditor');
      const newest = () => desk.query<{ n: number }>('SELECT max(seq) AS n FROM audit_log')[0]!.n;
      const noted = () =>
        JSON.parse(readFileSync(desk.keyFile, 'utf8')) as {
          syslogDelivered?: { seq: number; mac: string };
          anchorHead?: { seq: number };
        };
      const held = newest();
      const deadline = Date.now() + 15_000;
      // Noted at most every few seconds: the console's clock moves on while the test waits.
      while ((noted().syslogDelivered?.seq ?? 0) < held) {
        if (Date.now() > deadline) throw new Error('the key store never noted the delivery');
        desk.clock.advance(NOTE_EVERY_MS);
        await sleep(50);
      }
      const [entry] = desk.query<{ mac: Buffer }>('SELECT mac FROM audit_log WHERE seq = ?', held);
      expect(noted().syslogDelivered).toEqual({
        seq: held,
        mac: entry!.mac.toString('hex'),
        restores: 0,
      });
      const options = deskCoreOptions({
        dbPath: desk.dbPath,
        keyFile: desk.keyFile,
        clock: desk.clock,
        logInternal: () => undefined,
      });

      // Without the keys: the entry the collector holds replaced (its MAC) is refused too.
      const setMac = (mac: Buffer) => {
        const raw = new Database(desk.dbPath);
        const trigger = raw
          .prepare<[], { sql: string }>(
            "SELECT sql FROM sqlite_master WHERE name = 'audit_log_refuses_update'",
          )
          .get()!.sql;
        raw.exec('DROP TRIGGER audit_log_refuses_update');
        raw.prepare('UPDATE audit_log SET mac = ? WHERE seq = ?').run(mac, held);
        raw.exec(trigger);
        raw.close();
      };
      setMac(Buffer.alloc(32, 7));
      expect(() => createDeskCore(options)).toThrow(
        `The central log server holds audit entry ${held}, but this database's trail holds another entry in its place`,
      );
      setMac(entry!.mac);

      // Without the keys: the tail past the last checkpoint cut out (what the anchors cannot
      // see), the cursor row lowered to match.
      const cutTo = noted().anchorHead!.seq;
      expect(cutTo).toBeLessThan(held);
      const raw = new Database(desk.dbPath);
      const trigger = raw
        .prepare<[], { sql: string }>(
          "SELECT sql FROM sqlite_master WHERE name = 'audit_log_refuses_delete'",
        )
        .get()!.sql;
      raw.exec('DROP TRIGGER audit_log_refuses_delete');
      raw.prepare('DELETE FROM audit_log WHERE seq > ?').run(cutTo);
      raw.exec(trigger);
      raw.prepare('UPDATE syslog_cursor SET delivered_through = ?').run(cutTo);
      raw.close();
      expect(() => createDeskCore(options)).toThrow(
        `The central log server already holds audit entries up to ${held}, but this database's trail ends at ${cutTo}`,
      );
      const policy = await runCli([
        'policy',
        'set',
        ...db,
        '--key',
        'idleLockMinutes',
        '--value',
        '10',
      ]);
      expect(policy.code).not.toBe(0);
      expect(policy.stderr).toMatch(/already holds audit entries up to/u);
      expect(desk.query('SELECT max(seq) AS n FROM audit_log')).toEqual([{ n: cutTo }]);
      const verify = await runCli(['audit', 'verify', ...db]);
      expect(verify.code).toBe(1);
      expect(verify.stdout).toContain(
        `the central collector received entry ${held}, but the log ends at entry ${cutTo}`,
      );

      // A recorded restore is the way back: the note moves to the entry restored to.
      const restore = await runCli(['restore', ...db, '--from', backupPath]);
      expect(restore.code, restore.stderr).toBe(0);
      const restoredTo = noted().syslogDelivered!;
      expect(restoredTo).toMatchObject({ restores: 1 });
      expect(restoredTo.seq).toBeLessThan(held);
      createDeskCore(options).close();
    } finally {
      await collector.close();
    }
  }, 40_000);
});

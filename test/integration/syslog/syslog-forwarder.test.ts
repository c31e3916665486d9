/**
 * Forwarding the trail to the central log server (RFC 5424 over TLS, RFC 5425 framing) from
 * the durable queue, at least once: a loopback collector killed mid-stream and restarted,
 * twice, still ends with every entry, in order, without a gap once repeats are dropped by
 * sequence number, and the queue drains; two OS processes on one database send through one
 * lease, so the only repeats are the retries of a batch whose sender was killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startSyslogForwarder,
  type SyslogForwarder,
} from '../../../main/core/syslog/syslog-forwarder.ts';
import { createSyslogStore } from '../../../main/core/syslog/syslog-store.ts';
import { auditFixture, type AuditFixture } from '../../helpers/audit-fixture.ts';
import {
  dedupeBySeq,
  startTestCollector,
  TEST_COLLECTOR_CA,
  type TestCollector,
} from '../../helpers/syslog-collector.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Waits until `done` holds, checking every 20 ms, for at most `ms`. */
async function until(done: () => boolean, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function setup(entries: number) {
  const fixture = auditFixture(tempDir());
  const collector = await startTestCollector();
  cleanups.push(
    () => collector.close(),
    () => void fixture.db.close(),
  );
  fixture.appendEntries(entries);
  const store = createSyslogStore(fixture.db);
  store.setTarget(
    fixture.trail,
    {
      at: new Date('2026-11-25T00:00:00.000Z'),
      origin: 'desk-admin@test',
      operatorId: null,
      username: null,
    },
    { host: '127.0.0.1', port: collector.port, caPem: TEST_COLLECTOR_CA },
  );
  return { fixture, collector, store };
}

const head = (fixture: AuditFixture) =>
  (fixture.db.prepare('SELECT max(seq) AS n FROM audit_log').get() as { n: number }).n;

function expectEveryEntryInOrder(fixture: AuditFixture, collector: TestCollector) {
  const unique = dedupeBySeq(collector.received);
  const seqs = unique.map((m) => m.seq);
  const last = head(fixture);
  expect(seqs).toEqual(Array.from({ length: last }, (_, i) => i + 1));
  const macs = fixture.db.prepare('SELECT seq, hex(mac) AS mac FROM audit_log').all() as {
    seq: number;
    mac: string;
  }[];
  for (const { seq, mac } of macs) expect(unique[seq - 1]!.mac).toBe(mac.toLowerCase());
  return collector.received.length - unique.length;
}

describe('syslog forwarder', () => {
  it('survives the collector killed mid-stream and restarted twice: every entry, in order, no gap; the queue drains', async () => {
    const { fixture, collector, store } = await setup(300);
    const logs: string[] = [];
    const forwarder: SyslogForwarder = startSyslogForwarder({
      db: fixture.db,
      keys: fixture.keys,
      clock: { now: () => new Date() },
      hostname: 'console-1',
      logInternal: (line) => logs.push(line),
      batchSize: 25,
      pollMs: 20,
      backoffMs: 20,
      maxBackoffMs: 200,
      leaseTtlMs: 3_000,
    });
    cleanups.push(() => forwarder.stop());

    // Entries keep coming while the collector comes and goes.
    let writing = true;
    const writer = (async () => {
      while (writing) {
        fixture.appendEntries(5);
        await sleep(15);
      }
    })();

    for (const threshold of [100, 300]) {
      await until(() => collector.received.length >= threshold, 15_000, `${threshold} messages`);
      await collector.kill();
      await sleep(150);
      await collector.start();
    }
    await until(() => collector.received.length >= 500, 15_000, '500 messages');
    writing = false;
    await writer;
    await until(() => store.deliveredThrough() === head(fixture), 15_000, 'the queue to drain');

    const repeats = expectEveryEntryInOrder(fixture, collector);
    expect(repeats).toBeGreaterThanOrEqual(0);
    // The kills were noticed and retried, not ignored.
    expect(logs.some((line) => line.includes('not delivered'))).toBe(true);
  }, 60_000);

  it('formats RFC 5424 with the entry seq and MAC in structured data, octet-counted', async () => {
    const { fixture, collector, store } = await setup(3);
    const forwarder = startSyslogForwarder({
      db: fixture.db,
      keys: fixture.keys,
      clock: { now: () => new Date() },
      hostname: 'console-1',
      logInternal: () => undefined,
      pollMs: 20,
    });
    cleanups.push(() => forwarder.stop());
    await until(() => store.deliveredThrough() === 4, 10_000, 'delivery');
    const first = collector.received[0]!.raw;
    expect(first).toMatch(
      /^<110>1 2026-11-25T00:00:01\.000Z console-1 verify-desk - card\.open \[verifydesk@32473 seq="1" mac="[0-9a-f]{64}" keyId="[^"]+" result="success" origin="console@test" operator="agent7" subject="card:c_1"\] \uFEFF\{/u,
    );
    const body = JSON.parse(first.slice(first.indexOf('\uFEFF') + 1)) as Record<string, unknown>;
    expect(body).toMatchObject({ seq: 1, action: 'card.open', details: { n: 1 } });
    expect(collector.received.at(-1)!.raw).toContain(' syslog.set ');
    expectEveryEntryInOrder(fixture, collector);
  });

  it('two OS processes on one database send through one lease; the survivor of a kill carries on', async () => {
    const { fixture, collector, store } = await setup(200);
    const script = join(import.meta.dirname, 'forwarder-process.ts');
    const started = (name: string) => {
      const child = spawn(process.execPath, [script, fixture.dbPath, name, '12000'], {
        stdio: 'pipe',
      });
      cleanups.push(() => void child.kill('SIGKILL'));
      return child;
    };
    const exited = (child: ChildProcess) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once('exit', () => resolve());
      });
    const children = { a: started('console-a'), b: started('console-b') };

    await until(() => collector.received.length >= 150, 15_000, '150 messages');
    // Before the kill one process sent everything: the lease kept the other out.
    const before = collector.received.map((m) => m.hostname);
    expect(new Set(before).size).toBe(1);
    const sender = before[0] === 'console-a' ? 'a' : 'b';
    children[sender].kill('SIGKILL');
    await exited(children[sender]);
    const killedAt = collector.received.length;
    fixture.appendEntries(100);

    await until(
      () => store.deliveredThrough() === head(fixture),
      15_000,
      'the survivor to drain the queue',
    );
    const after = new Set(collector.received.slice(killedAt).map((m) => m.hostname));
    expect(after).toEqual(new Set([sender === 'a' ? 'console-b' : 'console-a']));
    const repeats = expectEveryEntryInOrder(fixture, collector);
    // At least once: the killed sender's last batch may come again, nothing more.
    expect(repeats).toBeLessThanOrEqual(20);
  }, 60_000);
});

/**
 * Forwards every audit entry to the central log server (PCI DSS 10.3.3), from the durable
 * queue (the trail after the last delivered entry), at least once and in order. Each console
 * process on a database runs one; the lease "syslog-forwarder" lets one of them send at a
 * time, and the delivered mark is moved only under the lease (fenced), so a process that lost
 * the lease mid-batch cannot move it. Failures back off exponentially (with jitter) up to a
 * ceiling; nothing is dropped while the collector is down — the queue simply waits.
 *
 * With keys that have a key store, the delivered position (seq and the entry's MAC) is also
 * noted there (keys/syslog-delivered.ts), at most every NOTE_EVERY_MS and on a clean stop,
 * under the database's write lock and the lease: the cursor row is unsealed, and a writer who
 * cuts the trail's tail could lower it too (collector-position.ts).
 *
 * It sends only to the target the trail's newest syslog.set and the key store vouch for
 * (syslog-setting.ts): a syslog_config row changed, planted, put back or deleted in the file
 * sends nothing anywhere, and is reported once (the internal log and `altered`, the lead's
 * alert) until it reads clean again.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { createLease } from '../lease/lease.ts';
import { octetCounted, syslogMessage } from './syslog-message.ts';
import { sendBatch } from './syslog-sender.ts';
import { createSyslogSetting } from './syslog-setting.ts';
import { createSyslogStore } from './syslog-store.ts';

export const SYSLOG_LEASE = 'syslog-forwarder';

/**
 * Steps in a row a target set in the trail but not yet in the key store is waited for before it
 * is reported (syslog-setting.ts `pending`); nothing is sent to it meanwhile.
 */
const PENDING_STEPS = 3;

/** How often, at most, the forwarder notes in the key store how far the collector holds. */
export const NOTE_EVERY_MS = 5_000;

export interface SyslogForwarderOptions {
  db: Db;
  clock: Clock;
  /**
   * The audit keys that check the syslog.set entry vouching for the target, and the key store
   * (when there is one) that records the target (syslogHead) and the delivered position
   * (syslogDelivered); without a key store: the trail and the cursor row only.
   */
  keys: Pick<KeyProvider, 'current' | 'byId' | 'syslogDelivered' | 'syslogHead'>;
  /**
   * The syslog_config row is not the target the trail and key store vouch for: nothing is sent.
   * Called once per problem until the row reads clean again (the lead's alert).
   */
  altered?: (problem: string) => void;
  /** HOSTNAME in each message: this machine. */
  hostname: string;
  logInternal: (line: string) => void;
  /** This process's lease holder id (random by default). */
  holder?: string;
  leaseTtlMs?: number;
  /** Entries per connection. */
  batchSize?: number;
  /** How often an idle forwarder looks for new entries or a new target. */
  pollMs?: number;
  /** First delay after a failure; doubles per failure up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** The most a batch may take, connect to receipt. */
  sendTimeoutMs?: number;
}

export interface SyslogForwarder {
  /** Stops after the current step and gives the lease back. */
  stop(): Promise<void>;
  /**
   * Stops at once, for a database about to close: gives the lease back now; a batch still on
   * its way is not marked delivered (it is sent again later — at least once).
   */
  halt(): void;
}

/** The delay before retry number `failures` (1, 2, …): doubling, capped, with jitter in [½, 1]. */
export function backoffDelay(
  failures: number,
  baseMs: number,
  maxMs: number,
  random = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(ceiling * (0.5 + random() / 2));
}

export function startSyslogForwarder(options: SyslogForwarderOptions): SyslogForwarder {
  const ttl = options.leaseTtlMs ?? 15_000;
  const batchSize = options.batchSize ?? 500;
  const pollMs = options.pollMs ?? 1_000;
  const backoffMs = options.backoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const sendTimeoutMs = Math.min(options.sendTimeoutMs ?? 10_000, ttl / 2);
  const store = createSyslogStore(options.db);
  const setting = createSyslogSetting(options.db, options.keys);
  const lease = createLease(options.db, {
    name: SYSLOG_LEASE,
    holder: options.holder ?? `syslog-${randomBytes(8).toString('hex')}`,
    ttlMs: ttl,
    clock: options.clock,
    keys: options.keys,
  });
  const stopping = new AbortController();
  let failures = 0;

  // The key store's note: the restores it had counted at this start (a forwarder still running
  // on a file a restore replaced writes nothing more), what was delivered, when last noted.
  const notes = options.keys.syslogDelivered;
  let restores: number | null = null;
  try {
    restores = notes?.read()?.restores ?? 0;
  } catch (error) {
    options.logInternal(
      `syslog: the key store could not be read (${(error as Error).name}); delivery is not noted there`,
    );
  }
  let delivered: { seq: number; mac: string } | null = null;
  let notedSeq = 0;
  let notedAt = -Infinity;

  /** Notes in the key store how far the collector holds: when due, or now (`force`). */
  function note(force: boolean): void {
    if (!notes || restores === null || !delivered || delivered.seq <= notedSeq) return;
    const at = options.clock.now().getTime();
    if (!force && at - notedAt < NOTE_EVERY_MS) return;
    notedAt = at;
    const noted = { ...delivered, restores };
    try {
      // Under the write lock, and only while this process holds the lease.
      if (lease.fenced(() => notes.note(noted)).held) notedSeq = noted.seq;
    } catch (error) {
      options.logInternal(
        `syslog: the key store could not note how far the collector holds (${(error as Error).name})`,
      );
    }
  }

  const pause = (ms: number) =>
    sleep(ms, undefined, { signal: stopping.signal, ref: false }).catch(() => undefined);

  /** The problem reported last: told once, until the row reads clean again. */
  let reported: string | null = null;
  function report(problem: string | null): void {
    if (problem === reported) return;
    reported = problem;
    if (problem === null) return;
    options.logInternal(
      `syslog: the syslog_config row is not used, nothing is forwarded (${problem}); set the collector again with "desk-admin syslog set"`,
    );
    try {
      options.altered?.(problem);
    } catch (error) {
      options.logInternal(`syslog: the lead could not be alerted (${(error as Error).name})`);
    }
  }

  /** Steps in a row that found a setting the key store does not record yet. */
  let pendingSteps = 0;

  /** One step: what to wait before the next. */
  async function step(): Promise<number> {
    const now = setting.current();
    pendingSteps = now.kind === 'pending' ? pendingSteps + 1 : 0;
    // A setting between its commit and its note passes in a moment: told only if it stays.
    if (now.kind === 'pending' && pendingSteps < PENDING_STEPS) return pollMs;
    report(now.kind === 'altered' || now.kind === 'pending' ? now.problem : null);
    if (now.kind !== 'set') return pollMs;
    const target = now.target;
    if (!lease.acquire()) return Math.min(pollMs, ttl / 3);
    const batch = store.pending(batchSize);
    if (batch.length === 0) {
      note(false);
      return Math.min(pollMs, ttl / 3);
    }
    try {
      await sendBatch(
        target,
        batch.map((entry) => octetCounted(syslogMessage(entry, options.hostname))),
        sendTimeoutMs,
      );
    } catch (error) {
      failures++;
      options.logInternal(
        `syslog: batch from entry ${batch[0]!.seq} not delivered (${error instanceof Error ? error.message : 'unknown'}); retry ${failures}`,
      );
      return backoffDelay(failures, backoffMs, maxBackoffMs);
    }
    failures = 0;
    if (stopping.signal.aborted) return 0;
    const last = batch.at(-1)!;
    const marked = lease.fenced(() => store.delivered(last.seq, options.clock.now()));
    if (!marked.held) {
      options.logInternal('syslog: lease lost during a batch; its holder sends it again');
      return 0;
    }
    delivered = { seq: last.seq, mac: last.mac.toString('hex') };
    note(false);
    return 0;
  }

  const running = (async () => {
    while (!stopping.signal.aborted) {
      let wait: number;
      try {
        wait = await step();
      } catch (error) {
        // A database error (busy, closing): try again later, never crash the console.
        options.logInternal(
          `syslog: step failed (${error instanceof Error ? error.name : 'unknown'})`,
        );
        wait = pollMs;
      }
      if (wait > 0) await pause(wait);
      else await new Promise((resolve) => setImmediate(resolve));
    }
  })();

  const release = () => {
    try {
      lease.release();
    } catch {
      // The database may already be closing; the lease then runs out by itself.
    }
  };

  return {
    async stop() {
      stopping.abort();
      await running;
      note(true); // what was delivered since the last note: never throws
      release();
    },
    halt() {
      stopping.abort();
      note(true);
      release();
    },
  };
}

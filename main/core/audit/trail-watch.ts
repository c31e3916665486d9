/**
 * The trail watch keeps the whole audit chain verified, so that a trail edited in the file
 * stops resets before anyone runs `audit verify`. Several decisions take one trail entry as
 * authoritative and check only that entry's MAC against the one before it (the misses of a
 * verification, fraud seen on a card, how a reset or an approval ended); someone who writes
 * the file without the keys can hide the newest such entry (drop the triggers, change its
 * `result`, put the triggers back) and the decision then reads the one before. Its MAC fails,
 * and the watch is what reads it.
 *
 * Work that must run once per database is a main/core service holding a lease: every console
 * process on a database (and the desk server) runs the watch; the lease "audit-trail-watch"
 * lets one of them look at a time. It
 * - checks the entries appended since its last look, every `everyMs` (5 s), in this thread,
 *   from the MAC it verified last (checkChainRange, the verifier's own code);
 * - passes over the whole chain from entry 1 on a schedule, in the verification worker
 *   (runAuditVerification, as `audit verify` does, anchors and the key store's newest line
 *   included): at start, then every `fullEveryMs` or a hundred times the last pass's length,
 *   whichever is longer (a full pass takes at most 1% of the holder’s time; README.md),
 *   and at once when the trail it verified is no longer there (a restore, or a cut).
 * When an entry fails, it records "trail broken at seq N, found at T" in the key store
 * (keys/trail-break.ts: a writer of the file cannot clear it), then raises the lead's
 * `altered-row` alert (scope `audit_log`) with its audit entry. From then every reset decision,
 * approval and send is refused (`reset.trail-broken`, audit/trail-gate.ts), in every process
 * on the database, until a full pass holds again (after a recorded restore): then the mark is
 * cleared and `audit.verify` records it.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import type { TrailBreak } from '../keys/trail-break.ts';
import { createLease } from '../lease/lease.ts';
import type { AuditTrail } from './audit-trail.ts';
import { GENESIS_MAC } from './canonical.ts';
import { runAuditVerification } from './run-verification.ts';
import {
  auditKeyLookup,
  checkChainRange,
  RAW_AUDIT_COLUMNS,
  type AuditVerificationResult,
  type RawAuditRow,
} from './verify-audit.ts';

export const TRAIL_WATCH_LEASE = 'audit-trail-watch';

/** The statuses of a full pass that leave the trail vouched for. */
const HOLDS = new Set<AuditVerificationResult['status']>(['intact', 'unanchored-tail', 'empty']);

export interface TrailWatchOptions {
  db: Db;
  dbPath: string;
  anchorPath: string;
  keys: KeyProvider;
  /** The trail that raises alerts from its entries (desk-core's). */
  audit: Pick<AuditTrail, 'append' | 'transact'>;
  clock: Clock;
  origin: string;
  logInternal: (line: string) => void;
  /** How often to look at new entries (default 5 s); the lease lives three times as long. */
  everyMs?: number;
  /** The least time between two full passes (default 5 minutes). */
  fullEveryMs?: number;
  /** Entries checked per look at new ones, at most (default 5,000). */
  batch?: number;
  /** The verification worker; the Electron build passes its bundled file. */
  workerUrl?: URL;
  holder?: string;
}

export type TrailLook =
  | { outcome: 'not-holder' }
  | { outcome: 'holds'; checked: number; full: boolean }
  | { outcome: 'broken'; broken: TrailBreak; full: boolean };

export interface TrailWatch {
  /** One look now (the timer calls it; tests may too): new entries, and a full pass when due. */
  look(): Promise<TrailLook>;
  /** A full pass now, whatever the schedule (tests; the look after a restore). */
  fullPass(): Promise<TrailLook>;
  halt(): void;
}

export function startTrailWatch(options: TrailWatchOptions): TrailWatch {
  const { db, keys } = options;
  const everyMs = options.everyMs ?? 5_000;
  const minFullMs = options.fullEveryMs ?? 5 * 60_000;
  const batch = options.batch ?? 5_000;
  const lease = createLease(db, {
    name: TRAIL_WATCH_LEASE,
    holder: options.holder ?? `trail-watch-${randomBytes(8).toString('hex')}`,
    ttlMs: everyMs * 3,
    clock: options.clock,
  });
  const newer = db
    .prepare<[number, number], RawAuditRow>(
      `SELECT ${RAW_AUDIT_COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`,
    )
    .raw();
  const storedMac = db.prepare<[number], { mac: Buffer }>(
    'SELECT mac FROM audit_log WHERE seq = ?',
  );

  /** Verified so far in this process: up to entry `seq`, whose MAC was `mac` (computed). */
  let verified: { seq: number; mac: Buffer } | null = null;
  let nextFullAt = 0;
  let passing: Promise<TrailLook> | null = null;
  /** Ends a full pass still running when the watch halts (the database is closing). */
  const halting = new AbortController();

  const now = () => options.clock.now();

  function recordBroken(seq: number, problem: string, full: boolean): TrailLook {
    const broken: TrailBreak = { seq, foundAt: now().toISOString(), problem };
    verified = null;
    let before: TrailBreak | null = null;
    try {
      // Under the database's write lock, as every writer of this key store is (the anchor
      // head, the gateway head): one rewrite of the key document at a time.
      before = db
        .transaction(() => {
          const was = keys.trailBreak?.read() ?? null;
          keys.trailBreak?.mark(broken);
          return was;
        })
        .immediate();
    } catch (error) {
      options.logInternal(
        `trail watch: the key store could not record the broken trail (${(error as Error).name})`,
      );
    }
    // Said once: a break already recorded (by this or another process) is not alerted again.
    if (!before || before.seq > seq) {
      options.logInternal(`trail watch: audit trail broken at entry ${seq}`);
      lease.fenced(() =>
        options.audit.append({
          at: now(),
          operatorId: null,
          username: null,
          origin: options.origin,
          action: 'alert.altered-row',
          subjectType: 'database',
          subjectId: null,
          result: 'alert',
          details: { table: 'audit_log', seq, foundAt: broken.foundAt, problem },
        }),
      );
    }
    return { outcome: 'broken', broken: before && before.seq <= seq ? before : broken, full };
  }

  async function fullPass(): Promise<TrailLook> {
    passing ??= (async () => {
      const started = performance.now();
      try {
        const result = await runAuditVerification({
          dbPath: options.dbPath,
          anchorPath: options.anchorPath,
          keys,
          signal: halting.signal,
          ...(options.workerUrl && { workerUrl: options.workerUrl }),
        });
        const took = performance.now() - started;
        nextFullAt = now().getTime() + Math.max(minFullMs, took * 100);
        if (!db.open) return { outcome: 'not-holder' } as const;
        if (!HOLDS.has(result.status)) {
          const seq = result.firstBadSeq ?? result.entriesChecked + 1;
          const problem = [result.status, ...(result.problems ?? [])].join(': ');
          return recordBroken(seq, problem, true);
        }
        const seq = result.entriesChecked;
        const mac = seq > 0 ? storedMac.get(seq)?.mac : GENESIS_MAC;
        verified = mac ? { seq, mac } : null;
        cleared(result);
        return { outcome: 'holds', checked: seq, full: true } as const;
      } finally {
        passing = null;
      }
    })();
    return passing;
  }

  /** A full pass held: a break recorded before is cleared, and the trail says so. */
  function cleared(result: AuditVerificationResult): void {
    let before: TrailBreak | null;
    try {
      before = db
        .transaction(() => {
          const was = keys.trailBreak?.read() ?? null;
          if (was) keys.trailBreak?.clear();
          return was;
        })
        .immediate();
      if (!before) return;
    } catch (error) {
      options.logInternal(
        `trail watch: the key store could not clear the broken trail (${(error as Error).name})`,
      );
      return;
    }
    options.logInternal(`trail watch: audit trail verified again (broken at ${before.seq})`);
    lease.fenced(() =>
      options.audit.append({
        at: now(),
        operatorId: null,
        username: null,
        origin: options.origin,
        action: 'audit.verify',
        subjectType: null,
        subjectId: null,
        result: 'success',
        details: {
          status: result.status,
          entriesChecked: result.entriesChecked,
          firstBadSeq: null,
          cleared: { seq: before.seq, foundAt: before.foundAt },
        },
      }),
    );
  }

  /** The entries appended since the last look, from the MAC verified last. */
  function newEntries(): TrailLook {
    const from = verified!;
    // The entry verified last must still be there as it was: else the trail was restored or
    // cut under us, and only a full pass can say which.
    const still = from.seq === 0 ? GENESIS_MAC : storedMac.get(from.seq)?.mac;
    if (!still?.equals(from.mac)) {
      verified = null;
      nextFullAt = 0;
      return { outcome: 'holds', checked: 0, full: false };
    }
    const rows = newer.all(from.seq, batch);
    if (rows.length === 0) return { outcome: 'holds', checked: 0, full: false };
    const last = rows.at(-1)!;
    const lastStored = last[11];
    const outcome = checkChainRange(
      rows,
      { from: from.seq + 1, previous: from.mac },
      new Map(),
      auditKeyLookup(keys),
    );
    if (outcome.bad)
      return recordBroken(
        outcome.bad.seq,
        `${outcome.bad.status}: entry ${outcome.bad.seq} does not chain from the entry before it`,
        false,
      );
    // checkChainRange consumed each row's MAC; the last one matched what it computed.
    verified = { seq: last[0], mac: lastStored };
    return { outcome: 'holds', checked: rows.length, full: false };
  }

  async function look(): Promise<TrailLook> {
    if (!db.open || !lease.acquire()) return { outcome: 'not-holder' };
    if (passing) return passing;
    const marked = (() => {
      try {
        return keys.trailBreak?.read() ?? null;
      } catch {
        return null;
      }
    })();
    // The first look, a trail no longer as verified (restored, cut), or the schedule.
    if ((verified === null && marked === null) || now().getTime() >= nextFullAt) return fullPass();
    // While broken, only a full pass can clear it: between passes there is nothing to add.
    if (marked !== null) return { outcome: 'broken', broken: marked, full: false };
    return newEntries();
  }

  const tick = () => {
    look().catch((error: unknown) =>
      options.logInternal(
        `trail watch: a look failed (${error instanceof Error ? error.name : typeof error})`,
      ),
    );
  };
  // The first look (a full pass) at once: a console checks the trail it starts on.
  const first = setTimeout(tick, 0);
  first.unref();
  const timer = setInterval(tick, everyMs);
  timer.unref();

  return {
    look,
    fullPass,
    halt() {
      halting.abort();
      clearTimeout(first);
      clearInterval(timer);
      try {
        if (db.open) lease.release();
      } catch {
        // The database may already be closing; the lease then runs out by itself.
      }
    },
  };
}

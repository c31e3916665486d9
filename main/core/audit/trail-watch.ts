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
 * lets one of them look at a time (a lease row planted to hold it for good holds nothing:
 * lease/lease.ts). It
 * - checks, every `everyMs` (5 s), in this thread, every entry since the end of its last full
 *   pass — not only the new ones — from the MAC that pass verified (checkChainRange, the
 *   verifier's own code): an entry edited after the watch verified it, used by a decision and
 *   put back before the next full pass is found at the next look, not never. The cost grows
 *   with the entries since the last full pass (docs/PERFORMANCE.md); past `batch` of them, the
 *   next look is a full pass, which moves the start on;
 * - passes over the whole chain from entry 1 on a schedule, in the verification worker
 *   (runAuditVerification, as `audit verify` does, anchors and the key store's newest line
 *   included): at start, then every `fullEveryMs` or a hundred times the last pass's length,
 *   whichever is longer (a full pass takes at most 1% of the holder’s time; README.md).
 * It keeps the newest entry it verified (seq, MAC) in the key store (keys/trail-break.ts,
 * written at most every NOTE_EVERY_MS): when that entry is gone or another stands in its place
 * and no restore was recorded since, the trail was cut or rewritten — a break, found at once
 * by this process, and by any full pass in another process or after a restart (without the
 * note a cut back to the last checkpoint would pass as an unanchored tail).
 * After a full pass that holds it checks one thing beside the chain (the rest of `audit
 * verify`'s row checks cost tens of seconds on a large database): that every fraud hold the
 * trail says the console saw still stands (lockout/fraud-holds-seen.ts). One that does not was
 * lifted outside Verify Desk: the lead is alerted (`altered-row`, scope `lockouts`, the card as
 * subject), once per hold, whether or not anyone opens the card (which reads as held for
 * fraud meanwhile: acs/sealed-lockouts.ts). The trail is not marked broken for it: the entries
 * hold, and the card is held already.
 * When an entry fails, it records "trail broken at seq N, found at T" in the key store
 * (a writer of the file cannot clear it), then raises the lead's `altered-row` alert (scope
 * `audit_log`) with its audit entry. A full pass that cannot answer at all (the verification
 * throws: e.g. an anchor file someone made unreadable) is a break too ("verification could not
 * run"), alerted once; it is tried again on a backoff, not at every look. From then every reset
 * decision, approval and send is refused (`reset.trail-broken`, audit/trail-gate.ts), in every
 * process on the database. Putting the edited entries back does not clear the mark: only a
 * recorded restore (then the next full pass that holds clears it, and `audit.verify` records
 * it) or an administrator who has had the trail checked (`desk-admin audit verify
 * --clear-break`, recorded with who cleared it).
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { breakSeq, type TrailBreak, type TrailWatched } from '../keys/trail-break.ts';
import { createLease } from '../lease/lease.ts';
import { fraudHoldsGone } from '../lockout/fraud-holds-seen.ts';
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

/** How often, at most, the watch records in the key store how far it verified. */
export const NOTE_EVERY_MS = 5_000;

/** The longest wait before a full pass that could not run is tried again. */
const MAX_RETRY_MS = 5 * 60_000;

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
  /**
   * Entries since the last full pass checked per look, at most (default 5,000); past it,
   * the next look is a full pass.
   */
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
    keys: options.keys,
  });
  const since = db
    .prepare<[number, number], RawAuditRow>(
      `SELECT ${RAW_AUDIT_COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`,
    )
    .raw();
  const storedMac = db.prepare<[number], { mac: Buffer }>(
    'SELECT mac FROM audit_log WHERE seq = ?',
  );
  const lastSeq = db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM audit_log');
  // The lead's alerts already raised about a card's lockout rows (by whichever process).
  const lockoutAlerts = db.prepare<[string], { details: string }>(
    `SELECT details FROM audit_log WHERE subject_id = ? AND action = 'alert.altered-row'`,
  );
  /** The seen entries of fraud holds found gone and alerted (this process). */
  const holdsReported = new Set<number>();

  type Verified = { seq: number; mac: Buffer };
  /** Where the last full pass that held ended: every look checks the chain on from there. */
  let base: Verified | null = null;
  /** The newest entry verified in this process (at or after `base`). */
  let verified: Verified | null = null;
  /** The restores recorded (the key store's note) when this process last read the note. */
  let restoresSeen = 0;
  let notedAt = -Infinity;
  let nextFullAt = 0;
  /** Full passes in a row that could not run: the retry waits longer each time. */
  let failures = 0;
  let passing: Promise<TrailLook> | null = null;
  /** Ends a full pass still running when the watch halts (the database is closing). */
  const halting = new AbortController();

  const now = () => options.clock.now();
  const watchedNote = (): TrailWatched | null => {
    try {
      return keys.trailBreak?.watched() ?? null;
    } catch {
      return null;
    }
  };

  function recordBroken(at: number, problem: string, full: boolean): TrailLook {
    const seq = breakSeq(at);
    const broken: TrailBreak = {
      seq,
      foundAt: now().toISOString(),
      problem: problem.slice(0, 2000),
    };
    base = null;
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
    const kept = before && before.restoredAt === undefined && before.seq <= seq;
    // Said once: a break already recorded (by this or another process) is not alerted again.
    if (!kept) {
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
          details: { table: 'audit_log', seq, foundAt: broken.foundAt, problem: broken.problem },
        }),
      );
    }
    return { outcome: 'broken', broken: kept ? before! : broken, full };
  }

  /** Records in the key store how far the watch verified (at most every NOTE_EVERY_MS). */
  function note(force: boolean): void {
    if (!verified || !keys.trailBreak) return;
    const at = now().getTime();
    if (!force && at - notedAt < NOTE_EVERY_MS) return;
    notedAt = at;
    const watched = {
      seq: verified.seq,
      mac: verified.mac.toString('hex'),
      restores: restoresSeen,
    };
    try {
      // Under the write lock, and only while this process holds the watch's lease.
      lease.fenced(() => keys.trailBreak?.noteWatched(watched));
    } catch (error) {
      options.logInternal(
        `trail watch: the key store could not record how far the trail was verified (${(error as Error).name})`,
      );
    }
  }

  /**
   * Whether a full pass that checked entries 1..`checked` falls short of what the watch
   * verified before (this process, or the key store's note from any process): a cut, or
   * another entry in the place of one verified. Null when it does not.
   */
  function shortOfWatched(checked: number, watched: TrailWatched | null): TrailLook | null {
    const known: { seq: number; mac: string }[] = [];
    if (watched) known.push(watched);
    if (verified && (watched?.restores ?? 0) === restoresSeen)
      known.push({ seq: verified.seq, mac: verified.mac.toString('hex') });
    for (const entry of known) {
      if (entry.seq === 0) continue;
      if (checked < entry.seq)
        return recordBroken(
          checked + 1,
          `missing: the trail ends at entry ${checked}, but the trail watch verified it through entry ${entry.seq} and no restore was recorded (the tail was cut)`,
          true,
        );
      if (storedMac.get(entry.seq)?.mac.toString('hex') !== entry.mac)
        return recordBroken(
          entry.seq,
          `altered: entry ${entry.seq} is not the one the trail watch verified, and no restore was recorded`,
          true,
        );
    }
    return null;
  }

  async function fullPass(): Promise<TrailLook> {
    passing ??= (async () => {
      const started = performance.now();
      // What the watch had verified before this pass began: the pass must reach it.
      const watched = watchedNote();
      try {
        let result: AuditVerificationResult;
        try {
          result = await runAuditVerification({
            dbPath: options.dbPath,
            anchorPath: options.anchorPath,
            keys,
            signal: halting.signal,
            ...(options.workerUrl && { workerUrl: options.workerUrl }),
          });
        } catch (error) {
          // A pass that cannot answer vouches for nothing: a break, tried again on a backoff.
          failures++;
          nextFullAt = now().getTime() + Math.min(MAX_RETRY_MS, everyMs * 2 ** failures);
          if (!db.open) return { outcome: 'not-holder' } as const;
          const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          return recordBroken((base?.seq ?? 0) + 1, `verification could not run: ${why}`, true);
        }
        failures = 0;
        const took = performance.now() - started;
        nextFullAt = now().getTime() + Math.max(minFullMs, took * 100);
        if (!db.open) return { outcome: 'not-holder' } as const;
        if (!HOLDS.has(result.status)) {
          const seq = result.firstBadSeq ?? result.entriesChecked + 1;
          const problem = [result.status, ...(result.problems ?? [])].join(': ');
          return recordBroken(seq, problem, true);
        }
        const seq = result.entriesChecked;
        const short = shortOfWatched(seq, watched);
        if (short) return short;
        const mac = seq > 0 ? storedMac.get(seq)?.mac : GENESIS_MAC;
        base = verified = mac ? { seq, mac } : null;
        restoresSeen = watched?.restores ?? 0;
        note(true);
        fraudHoldsStand();
        const standing = cleared(result);
        if (standing) return { outcome: 'broken', broken: standing, full: true } as const;
        return { outcome: 'holds', checked: seq, full: true } as const;
      } finally {
        passing = null;
      }
    })();
    return passing;
  }

  /**
   * Every fraud hold the trail says was seen still stands; one that does not is alerted once
   * (an alert already in the trail naming its lockout row counts: the card's read raised it).
   */
  function fraudHoldsStand(): void {
    for (const gone of fraudHoldsGone(db)) {
      if (holdsReported.has(gone.seq)) continue;
      holdsReported.add(gone.seq);
      const named = lockoutAlerts.all(gone.cardPublicId).some((row) => {
        const details = JSON.parse(row.details) as { table?: unknown; lockoutIds?: unknown };
        return (
          details.table === 'lockouts' &&
          Array.isArray(details.lockoutIds) &&
          details.lockoutIds.includes(gone.lockoutId)
        );
      });
      if (named) continue;
      options.logInternal(
        `trail watch: the fraud hold seen at entry ${gone.seq} is gone from lockouts or cleared`,
      );
      lease.fenced(() =>
        options.audit.append({
          at: now(),
          operatorId: null,
          username: null,
          origin: options.origin,
          action: 'alert.altered-row',
          subjectType: 'card',
          subjectId: gone.cardPublicId,
          result: 'alert',
          details: { table: 'lockouts', lockoutIds: [gone.lockoutId], seenSeq: gone.seq },
        }),
      );
    }
  }

  /**
   * A full pass held: a break recorded before is cleared if a restore was recorded since it
   * (and `audit.verify` records it). A break whose entries were only put back stays.
   */
  function cleared(result: AuditVerificationResult): TrailBreak | null {
    let before: TrailBreak | null;
    try {
      before = db
        .transaction(() => {
          const was = keys.trailBreak?.read() ?? null;
          if (was?.restoredAt !== undefined) keys.trailBreak?.clear();
          return was;
        })
        .immediate();
      if (!before) return null;
      // Put back as it was, not restored: the mark stands.
      if (before.restoredAt === undefined) return before;
    } catch (error) {
      options.logInternal(
        `trail watch: the key store could not clear the broken trail (${(error as Error).name})`,
      );
      return null;
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
          cleared: {
            seq: before.seq,
            foundAt: before.foundAt,
            restoredAt: before.restoredAt ?? null,
          },
        },
      }),
    );
    return null;
  }

  /**
   * Every entry since the last full pass, from the MAC it verified: new ones, and those
   * verified already (edited and put back in between, they fail now).
   */
  function sinceFullPass(): TrailLook {
    const from = base!;
    // The entry the pass ended at must still be there as it was, and the trail must still
    // reach the newest entry verified: else it was restored (recorded: a full pass says what
    // holds now) or cut and rewritten (a break, at once).
    const still = from.seq === 0 ? GENESIS_MAC : storedMac.get(from.seq)?.mac;
    const reaches = verified === null || verified.seq <= (lastSeq.get()?.seq ?? 0);
    if (!still?.equals(from.mac) || !reaches) {
      const watched = watchedNote();
      if ((watched?.restores ?? 0) !== restoresSeen) {
        base = verified = null;
        nextFullAt = 0;
        return { outcome: 'holds', checked: 0, full: false };
      }
    }
    if (!still?.equals(from.mac))
      return recordBroken(
        from.seq,
        `altered: entry ${from.seq} is no longer the one the trail watch verified, and no restore was recorded`,
        false,
      );
    const rows = since.all(from.seq, batch);
    const last = rows.at(-1);
    const lastStored = last?.[11];
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
    const reached = last?.[0] ?? from.seq;
    if (verified && reached < verified.seq)
      return recordBroken(
        reached + 1,
        `missing: the trail ends at entry ${reached}, but the trail watch verified it through entry ${verified.seq} and no restore was recorded (the tail was cut)`,
        false,
      );
    // checkChainRange consumed each row's MAC; the last one matched what it computed.
    if (last) verified = { seq: reached, mac: lastStored! };
    // More than a look checks: the next look is a full pass, which moves the start on.
    if (rows.length >= batch) nextFullAt = 0;
    note(false);
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
    // The first look, a trail restored, or the schedule.
    if ((base === null && marked === null) || now().getTime() >= nextFullAt) return fullPass();
    // While broken, only a full pass after a recorded restore clears it.
    if (marked !== null) return { outcome: 'broken', broken: marked, full: false };
    return sinceFullPass();
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

/**
 * A lease: at most one process on a database runs a job at a time (the syslog forwarder; the
 * ACS outbox relay and timed alerts reuse it). The lease is one row in `leases`: who holds it,
 * until when, and a generation that grows at every change of holder.
 *
 * - `acquire()` takes the lease when nobody holds it or the holder's time ran out, and renews
 *   it when this holder has it; it answers whether this holder holds it now. Call it before
 *   each round of work, well within the time to live (a third of it is a good rhythm).
 * - A holder that stopped renewing (crashed, frozen, disconnected) loses the lease once its
 *   time is out; another process takes over, and the generation moves on.
 * - `fenced(work)` runs `work` inside a write transaction only while this holder still holds
 *   the lease at the generation it acquired: a holder that lost it meanwhile (it stalled past
 *   its time and another took over) commits nothing. Use it for what the job records as done.
 * - `release()` hands the lease back at once (clean shutdown), so another can take over
 *   without waiting for the time to run out.
 *
 * Expiry is compared with the clock of the process asking, so processes sharing a database
 * must share a clock (one machine, or NTP); the time to live should dwarf any skew.
 *
 * The row is unsealed: someone who writes the file without the keys could plant a holder
 * nobody runs, expiring in the year 9999, and stop the job on every process for good. No
 * honest holder writes an expiry further ahead than its time to live (plus LEASE_SKEW_MS of
 * clock skew between processes), so such a row holds nothing: the next process takes it over.
 * A planted row must then be planted again every minute, and the job runs in between.
 */
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';

export interface LeaseOptions {
  /** The job, e.g. "syslog-forwarder": one lease per name. */
  name: string;
  /** This process's id for the lease (unique per process, e.g. random bytes). */
  holder: string;
  /** How long a lease lasts without renewal. */
  ttlMs: number;
  clock: Clock;
}

export interface Lease {
  readonly name: string;
  readonly holder: string;
  /** Takes or renews the lease; true when this holder holds it now. */
  acquire(): boolean;
  /** Whether this holder holds the lease now (read from the database, not remembered). */
  holds(): boolean;
  /** Runs `work` in one write transaction if, and only if, this holder still holds the lease. */
  fenced<T>(work: () => T): { held: true; value: T } | { held: false };
  /** Gives the lease up now, if this holder has it. */
  release(): void;
}

/** How far a holder's clock may run ahead of another's on a shared database. */
export const LEASE_SKEW_MS = 60_000;

interface LeaseRow {
  holder: string;
  generation: number;
  expires_at: string;
}

export function createLease(db: Db, options: LeaseOptions): Lease {
  if (!(options.ttlMs > 0)) throw new RangeError('A lease needs a positive time to live.');
  const read = db.prepare<[string], LeaseRow>(
    'SELECT holder, generation, expires_at FROM leases WHERE name = ?',
  );
  const insert = db.prepare<[string, string, string, string]>(
    'INSERT INTO leases (name, holder, generation, acquired_at, expires_at) VALUES (?, ?, 1, ?, ?)',
  );
  const takeOver = db.prepare<[string, string, string, string]>(
    'UPDATE leases SET holder = ?, generation = generation + 1, acquired_at = ?, expires_at = ? WHERE name = ?',
  );
  const renew = db.prepare<[string, string, string]>(
    'UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ?',
  );
  const giveUp = db.prepare<[string, string, string]>(
    'UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ?',
  );
  let generation: number | null = null;

  const now = () => options.clock.now();
  /** Held by someone until after `at`, and no further ahead than a renewal sets. */
  const live = (row: LeaseRow, at: Date) => {
    const expires = new Date(row.expires_at).getTime();
    return expires > at.getTime() && expires <= at.getTime() + options.ttlMs + LEASE_SKEW_MS;
  };
  const heldBy = (row: LeaseRow | undefined, at: Date) =>
    row !== undefined &&
    row.holder === options.holder &&
    row.generation === generation &&
    live(row, at);

  const acquire = db.transaction((): boolean => {
    const at = now();
    const until = new Date(at.getTime() + options.ttlMs).toISOString();
    const row = read.get(options.name);
    if (!row) {
      insert.run(options.name, options.holder, at.toISOString(), until);
      generation = 1;
      return true;
    }
    const held = live(row, at);
    if (held && row.holder === options.holder && row.generation === generation) {
      renew.run(until, options.name, options.holder);
      return true;
    }
    if (held && row.holder !== options.holder) {
      generation = null;
      return false;
    }
    // Free (its time ran out, or it runs out further ahead than any holder sets), or this
    // holder id with a generation it does not know: a new one.
    takeOver.run(options.holder, at.toISOString(), until, options.name);
    generation = row.generation + 1;
    return true;
  });

  return {
    name: options.name,
    holder: options.holder,
    acquire: () => acquire.immediate(),
    holds: () => heldBy(read.get(options.name), now()),
    fenced(work) {
      return db
        .transaction(() => {
          if (!heldBy(read.get(options.name), now())) return { held: false as const };
          return { held: true as const, value: work() };
        })
        .immediate();
    },
    release() {
      db.transaction(() => {
        if (heldBy(read.get(options.name), now())) {
          giveUp.run(now().toISOString(), options.name, options.holder);
        }
        generation = null;
      }).immediate();
    },
  };
}

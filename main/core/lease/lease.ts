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
 * Someone who writes the file without the keys could plant a holder nobody runs and stop the
 * job on every process. Two guards:
 * - No honest holder writes an expiry further ahead than its time to live (plus LEASE_SKEW_MS
 *   of clock skew between processes): a row expiring in the year 9999 holds nothing.
 * - Given the keys (`keys`), every write seals the row (a row MAC over its name, holder,
 *   generation and expiry, migration 025) and a row whose seal does not hold is no holder: the
 *   next process takes it over. Otherwise a row "held for another minute", planted again every
 *   30 seconds, would keep the trail watch from ever looking.
 */
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { rowMac, rowMacHolds, rowMacKey, rowKeysOf } from '../keys/row-mac.ts';

export interface LeaseOptions {
  /** The job, e.g. "syslog-forwarder": one lease per name. */
  name: string;
  /** This process's id for the lease (unique per process, e.g. random bytes). */
  holder: string;
  /** How long a lease lasts without renewal. */
  ttlMs: number;
  clock: Clock;
  /** The keys: every write is sealed, and a row whose seal does not hold is no holder. */
  keys?: Pick<KeyProvider, 'current' | 'byId'>;
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
  seal: string | null;
}

/** Seals lease rows with a row MAC ("key id:hex"), and checks them. */
function leaseSeal(keys: Pick<KeyProvider, 'current' | 'byId'>) {
  const lookup = rowKeysOf(keys);
  const values = (name: string, row: Omit<LeaseRow, 'seal'>) => [
    name,
    row.holder,
    row.generation,
    row.expires_at,
  ];
  return {
    make(name: string, row: Omit<LeaseRow, 'seal'>): string {
      const key = rowMacKey(keys.current('audit'));
      return `${key.id}:${rowMac(key, 'leases', values(name, row)).toString('hex')}`;
    },
    holds(name: string, row: LeaseRow): boolean {
      const [keyId, hex] = row.seal?.split(':') ?? [];
      if (!keyId || !hex || !/^[0-9a-f]{64}$/u.test(hex)) return false;
      return rowMacHolds(lookup, 'leases', values(name, row), keyId, Buffer.from(hex, 'hex'));
    },
  };
}

export function createLease(db: Db, options: LeaseOptions): Lease {
  if (!(options.ttlMs > 0)) throw new RangeError('A lease needs a positive time to live.');
  const read = db.prepare<[string], LeaseRow>(
    'SELECT holder, generation, expires_at, seal FROM leases WHERE name = ?',
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
  const sealer = options.keys && leaseSeal(options.keys);
  const writeSeal = db.prepare<[string | null, string]>(
    'UPDATE leases SET seal = ? WHERE name = ?',
  );
  /** After every write: the row as it now stands, sealed (when this process has the keys). */
  const sealNow = () => {
    const row = read.get(options.name);
    writeSeal.run(row && sealer ? sealer.make(options.name, row) : null, options.name);
  };
  let generation: number | null = null;

  const now = () => options.clock.now();
  /** Held by someone until after `at`, and no further ahead than a renewal sets. */
  const live = (row: LeaseRow, at: Date) => {
    const expires = new Date(row.expires_at).getTime();
    if (sealer && !sealer.holds(options.name, row)) return false;
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
      sealNow();
      generation = 1;
      return true;
    }
    const held = live(row, at);
    if (held && row.holder === options.holder && row.generation === generation) {
      renew.run(until, options.name, options.holder);
      sealNow();
      return true;
    }
    if (held && row.holder !== options.holder) {
      generation = null;
      return false;
    }
    // Free (its time ran out, or it runs out further ahead than any holder sets), or this
    // holder id with a generation it does not know: a new one.
    takeOver.run(options.holder, at.toISOString(), until, options.name);
    sealNow();
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
          sealNow();
        }
        generation = null;
      }).immediate();
    },
  };
}

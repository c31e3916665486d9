/**
 * The outbox relay: the outbox always drains. Every console process on a database (and the
 * desk server) runs one; the lease "acs-outbox-relay" lets one of them send at a time. At
 * start, and then whenever a reset is due, it sends the open resets — requested ones nobody
 * is sending (their console stopped before the answer) and failed ones whose resend time has
 * come — until each ends applied, refused or expired (reset-delivery.ts). A reset a console is
 * sending itself is claimed for a while and left alone meanwhile. The idempotency key makes a
 * second delivery harmless, and an answer is recorded only while the reset is still open, so
 * two senders never write two outcomes.
 *
 * The outbox row is not sealed: a reset ends (refused, expired) only when the trail holds the
 * verifying entry that ended it, or (applied) when its sealed row says so. An end state forged
 * in the file would stop the relay sending the reset; the relay looks for such rows at start and
 * then every minute (by the router's clock), reopens them — they are sent again, the
 * idempotency key keeping that harmless — and alerts the lead for each.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AcsGateway } from '../acs/acs-gateway.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { createLease } from '../lease/lease.ts';
import type { Policy } from '../policy/policy.ts';
import type { FraudAtSend } from './fraud-at-send.ts';
import type { LockoutStore, ResetRecord } from './lockout-store.ts';
import type { RequesterStands } from './requester-standing.ts';
import { deliverReset } from './reset-delivery.ts';

export const RESET_RELAY_LEASE = 'acs-outbox-relay';

export interface ResetRelayOptions {
  db: Db;
  /** The keys its lease is sealed with (lease.ts); without them the lease row is unsealed. */
  keys?: Pick<KeyProvider, 'current' | 'byId'>;
  acs: AcsGateway;
  resets: LockoutStore;
  policy: () => Policy;
  clock: Clock;
  /** The audit trail's origin for the relay's entries (no operator: the console itself). */
  origin: string;
  logInternal: (line: string) => void;
  /**
   * Whether a card's reset or approval rows fail their MAC (reset-row-seal.ts: written without
   * the keys, and alerted). Such a card's resets are never sent: a row planted in the outbox
   * would otherwise clear a lock nobody decided on.
   */
  altered: (cardId: number, at: Date) => boolean;
  /** Whether fraud is suspected on the card now (fraud-at-send.ts): its reset ends refused. */
  fraud: FraudAtSend;
  /** Whether the operator who asked for a reset may still act: one who may not, ends refused. */
  requesterStands: RequesterStands;
  /**
   * The audit trail is marked broken (audit/trail-gate.ts): the relay sends nothing until it
   * verifies again; what is queued stays queued.
   */
  trailBroken: () => boolean;
  /** Each reset the relay moved on (applied, refused, expired, failed again). */
  onSettled?: (reset: ResetRecord) => void;
  holder?: string;
  leaseTtlMs?: number;
  /** How often an idle relay looks for due resets. */
  pollMs?: number;
  /** Resets sent per round. */
  batchSize?: number;
  /** How often (router's clock) the relay looks for end states forged in the outbox. */
  forgedScanMs?: number;
}

export interface ResetRelay {
  /** Stops after the current send and gives the lease back. */
  stop(): Promise<void>;
  /** Stops at once (the database is closing): an answer still on its way is not recorded. */
  halt(): void;
}

export function startResetRelay(options: ResetRelayOptions): ResetRelay {
  const ttl = options.leaseTtlMs ?? 15_000;
  const pollMs = Math.min(options.pollMs ?? 1_000, ttl / 3);
  const batchSize = options.batchSize ?? 10;
  const lease = createLease(options.db, {
    name: RESET_RELAY_LEASE,
    holder: options.holder ?? `relay-${randomBytes(8).toString('hex')}`,
    ttlMs: ttl,
    clock: options.clock,
    ...(options.keys && { keys: options.keys }),
  });
  const stopping = new AbortController();
  const now = () => options.clock.now();
  const sender = () => ({ operatorId: null, username: null, origin: options.origin, at: now() });

  const pause = (ms: number) =>
    sleep(ms, undefined, { signal: stopping.signal, ref: false }).catch(() => undefined);

  /**
   * Resets of cards whose rows failed their seal: never sent. Their rows cannot be moved on
   * either (the seal triggers ignore writes to a row that fails its MAC), so this process
   * remembers them and looks past them; the altered-row alert was raised the first time.
   */
  const withheld = new Set<number>();

  /** Ends whose verifying entry held once (checked once per process), and when it last looked. */
  const genuineEnds = new Set<number>();
  const forgedScanMs = options.forgedScanMs ?? 60_000;
  let lastForgedScan: number | null = null;
  function reopenForgedEnds(): void {
    const at = now().getTime();
    if (lastForgedScan !== null && at - lastForgedScan < forgedScanMs) return;
    lastForgedScan = at;
    for (const publicId of options.resets.reopenForgedEnds(sender(), genuineEnds))
      options.logInternal(
        `acs relay: reset ${publicId} reopened (its outbox row said it ended; the trail does not)`,
      );
  }

  /** One round: true when it sent something (look again at once). */
  let refusedForTrail = false;
  async function round(): Promise<boolean> {
    if (!lease.acquire()) return false;
    if (options.trailBroken()) {
      if (!refusedForTrail)
        options.logInternal(
          'acs relay: nothing sent (trail-broken: the audit trail failed verification)',
        );
      refusedForTrail = true;
      return false;
    }
    refusedForTrail = false;
    reopenForgedEnds();
    const due = options.resets
      .due(now(), batchSize + withheld.size)
      .filter((reset) => !withheld.has(reset.id))
      .slice(0, batchSize);
    for (const reset of due) {
      if (stopping.signal.aborted || !lease.holds()) break;
      if (options.altered(reset.cardId, now())) {
        withheld.add(reset.id);
        options.logInternal(
          `acs relay: reset ${reset.publicId} withheld (its card's rows fail their seal)`,
        );
        continue;
      }
      const settled = await deliverReset(
        {
          acs: options.acs,
          resets: options.resets,
          policy: options.policy,
          fraud: options.fraud,
          requesterStands: options.requesterStands,
          trailBroken: options.trailBroken,
          now,
        },
        reset,
        sender(),
      );
      if (stopping.signal.aborted) break;
      options.onSettled?.(settled);
    }
    return due.length > 0;
  }

  const running = (async () => {
    while (!stopping.signal.aborted) {
      let again = false;
      try {
        again = await round();
      } catch (error) {
        // A database error (busy, closing): try again later, never crash the console.
        options.logInternal(
          `acs relay: round failed (${error instanceof Error ? error.name : 'unknown'})`,
        );
      }
      if (!again) await pause(pollMs);
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
      release();
    },
    halt() {
      stopping.abort();
      release();
    },
  };
}

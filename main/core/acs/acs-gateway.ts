/**
 * The port to the issuer's access control server (ACS), where a cardholder's real 3DS lock
 * lives. Services read lock state only through it. The embedded adapter treats the local
 * database as the ACS (default, demo, training); a network adapter implements the same port.
 */
import type { LockCause } from '../../../shared/lockout/lockout-codes.ts';

export type AcsLockState =
  | { state: 'unlocked' }
  | {
      state: 'locked';
      since: Date;
      /** null: locked until reset. */
      until: Date | null;
      cause: LockCause;
    };

export interface AcsCardState {
  lock: AcsLockState;
  /** When this state was read from the ACS: the header shows "data as of …". */
  asOf: Date;
}

/** A lock the ACS cleared before it ran out: a reset. */
export interface AcsReset {
  clearedAt: Date;
  lockedSince: Date;
  cause: Extract<AcsLockState, { state: 'locked' }>['cause'];
  /** The idempotency key it came with (a network ACS says it; null: cleared by other means). */
  idempotencyKey?: string | null;
}

/** What the console asks the ACS to do: clear the lock that started at lockSince. */
export interface AcsResetCommand {
  /** The same key for every retry of one reset: the ACS applies it at most once. */
  idempotencyKey: string;
  cardId: number;
  lockSince: Date;
  /**
   * The cause of the lock the reset was decided on: with lockSince, it names the lock. null for
   * a reset recorded before causes were kept (a network ACS cannot be sent it).
   */
  lockCause: LockCause | null;
  at: Date;
}

export interface AcsReadOptions {
  /** A shorter wait than the gateway's own (opening a card asks with a short one). */
  timeoutMs?: number;
}

/** What the console last knew of a lock, when the ACS does not answer. */
export interface AcsLastKnown {
  lock: AcsLockState;
  /** When the ACS said so; null: never read from it (the console's own imported record). */
  asOf: Date | null;
}

export interface AcsGateway {
  /** Which gateway this is, for the console to say: the local database, or a network ACS. */
  readonly kind: 'embedded' | 'network';
  /** Lets go of connections (a network gateway); the core calls it when it closes. */
  close?(): void;
  /** A network gateway: the last state read from the ACS, or the local record, for a card. */
  lastKnown?(cardId: number, now: Date): Promise<AcsLastKnown>;
  /** A network gateway: the resets the console knows of locally. */
  lastKnownResets?(cardId: number): Promise<AcsReset[]>;
  readState(cardId: number, now: Date, options?: AcsReadOptions): Promise<AcsCardState>;
  /** Resets of the card's lock, newest first. */
  readResets(cardId: number, options?: AcsReadOptions): Promise<AcsReset[]>;
  /**
   * The embedded gateway: the card's lock and its resets, answered at once from one read of
   * its lockout rows (every row checked against its MAC), so a command reads them in the one
   * read transaction of its other reads (db/read-scope.ts).
   */
  readNow?: {
    card(cardId: number, now: Date): { state: AcsCardState; resets: AcsReset[] };
  };
  /**
   * Clears the lock. 'already-unlocked' when it had run out or was cleared (by this key or
   * another). Throws AcsRefusedError when the ACS decided not to clear it (it refused, or
   * another lock is in force: 'lock-changed'), and an AcsError (acs-errors.ts) when it could
   * not be asked: the outbox keeps the reset.
   */
  applyReset(command: AcsResetCommand): Promise<'applied' | 'already-unlocked'>;
}

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
}

/** What the console asks the ACS to do: clear the lock that started at lockSince. */
export interface AcsResetCommand {
  /** The same key for every retry of one reset: the ACS applies it at most once. */
  idempotencyKey: string;
  cardId: number;
  lockSince: Date;
  at: Date;
}

export interface AcsGateway {
  readState(cardId: number, now: Date): Promise<AcsCardState>;
  /** Resets of the card's lock, newest first. */
  readResets(cardId: number): Promise<AcsReset[]>;
  /**
   * Clears the lock. 'already-unlocked' when it had run out or was cleared (by this key or
   * another). Throws when the ACS cannot be reached or refuses: the outbox keeps the reset.
   */
  applyReset(command: AcsResetCommand): Promise<'applied' | 'already-unlocked'>;
}

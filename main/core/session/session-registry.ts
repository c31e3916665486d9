/**
 * Sessions live in main, one per window (caller); the renderer never holds a token. Idle
 * lock is computed from the clock at every look-up (PCI DSS 8.2.8), so a session can never
 * appear active because a timer did not fire. The operator's role and state are read from
 * the database at every look-up too, so disabling or demoting an operator (from any process
 * on the same database) takes effect on their next call.
 *
 * A session also remembers which cards it was handed (search results, approvals): a card
 * opens only from those, so a card id learnt elsewhere does not open a card.
 */
import type { Role } from '../../../shared/contract/index.ts';
import type { CallerSession, SessionLookup } from '../router/router.ts';
import type { SessionStore, StoredSession } from './session-store.ts';

export interface SessionRecord {
  operatorId: number;
  username: string;
  displayName: string;
  role: Role;
  signedInAt: Date;
  lastActivityAt: Date;
  /** Set once the idle lock has been observed (and audited). */
  idleLockedAt: Date | null;
}

/** At most this many card ids are remembered per session (oldest forgotten first). */
export const HANDED_OUT_CAP = 1000;

/** The operator as the database says now: null when the account is gone or disabled. */
export interface OperatorStanding {
  role: Role;
}

export interface SessionRegistry extends SessionLookup {
  get(callerId: string, now: Date): (SessionRecord & { state: CallerSession['state'] }) | null;
  start(callerId: string, record: Omit<SessionRecord, 'idleLockedAt' | 'lastActivityAt'>): void;
  end(callerId: string): SessionRecord | null;
  touch(callerId: string, now: Date): void;
  resume(callerId: string, now: Date): void;
  idleLockAt(callerId: string): Date | null;
  /** Locks an active session at once (the OS locked the screen or reports the operator away). */
  lockNow(callerId: string, now: Date): SessionRecord | null;
  callers(): string[];
  /** Remembers cards this session was shown (search results, approval requests). */
  handOut(callerId: string, cardIds: readonly string[]): void;
  /** Whether this session was shown the card. */
  wasHandedOut(callerId: string, cardId: string): boolean;
}

export interface SessionRegistryOptions {
  idleLockMinutes: () => number;
  /** Called once when a session is first seen idle-locked, to audit it. */
  onIdleLock: (callerId: string, session: SessionRecord, at: Date) => void;
  /**
   * The operator's standing read fresh from the database (role; null when disabled or
   * deleted). Without it the role given at sign-in holds (unit tests).
   */
  standing?: (operatorId: number) => OperatorStanding | null;
  /**
   * Runs the standing and the idle-lock policy reads of one look-up together, in one read
   * transaction (db/read-scope.ts); without it each is read on its own.
   */
  readTogether?: <T>(read: () => T) => T;
  /**
   * A desk server keeps its sessions across restarts (session-store.ts): the sessions it
   * had, and where every change is written. Unset (a console's own core): memory only.
   */
  persisted?: {
    restored: readonly StoredSession[];
    store: Pick<SessionStore, 'saveSession' | 'saveActivity' | 'remove'>;
  };
}

export function createSessionRegistry(options: SessionRegistryOptions): SessionRegistry {
  const sessions = new Map<string, SessionRecord>();
  const handedOut = new Map<string, Set<string>>();
  for (const restored of options.persisted?.restored ?? []) {
    sessions.set(restored.callerId, restored.record);
    handedOut.set(restored.callerId, new Set(restored.handedOut));
  }
  const store = options.persisted?.store;
  const save = (callerId: string) => {
    const record = sessions.get(callerId);
    if (store && record) store.saveSession(callerId, record, [...(handedOut.get(callerId) ?? [])]);
  };

  const lockAt = (record: SessionRecord, idleLockMinutes = options.idleLockMinutes()) =>
    new Date(record.lastActivityAt.getTime() + idleLockMinutes * 60_000);
  const readTogether = options.readTogether ?? (<T>(read: () => T): T => read());

  function get(callerId: string, now: Date) {
    const record = sessions.get(callerId);
    if (!record) return null;
    // Read together, before anything is written (the idle lock's save and audit entry).
    const read = readTogether(() => ({
      standing: options.standing ? options.standing(record.operatorId) : undefined,
      lockAt: lockAt(record),
    }));
    if (read.standing !== undefined) {
      // A disabled operator is signed out at their next call; a demoted one has the new role.
      // The record stays until the window signs out or in again, which ends its call.
      if (!read.standing) return null;
      record.role = read.standing.role;
    }
    if (!record.idleLockedAt && now >= read.lockAt) {
      record.idleLockedAt = read.lockAt;
      save(callerId);
      options.onIdleLock(callerId, record, record.idleLockedAt);
    }
    return {
      ...record,
      state: record.idleLockedAt ? ('idle-locked' as const) : ('active' as const),
    };
  }

  return {
    get,
    forCaller(callerId, now) {
      const session = get(callerId, now);
      return session
        ? {
            operatorId: session.operatorId,
            username: session.username,
            role: session.role,
            state: session.state,
          }
        : null;
    },
    start(callerId, record) {
      sessions.set(callerId, { ...record, lastActivityAt: record.signedInAt, idleLockedAt: null });
      handedOut.set(callerId, new Set());
      save(callerId);
    },
    end(callerId) {
      const record = sessions.get(callerId) ?? null;
      sessions.delete(callerId);
      handedOut.delete(callerId);
      if (record) store?.remove(callerId);
      return record;
    },
    handOut(callerId, cardIds) {
      const cards = handedOut.get(callerId);
      if (!cards || !sessions.has(callerId)) return;
      for (const cardId of cardIds) {
        cards.delete(cardId); // re-added as the newest
        cards.add(cardId);
      }
      for (const oldest of cards) {
        if (cards.size <= HANDED_OUT_CAP) break;
        cards.delete(oldest);
      }
      save(callerId);
    },
    wasHandedOut(callerId, cardId) {
      return handedOut.get(callerId)?.has(cardId) ?? false;
    },
    touch(callerId, now) {
      const record = sessions.get(callerId);
      if (record && !record.idleLockedAt && now > record.lastActivityAt) {
        record.lastActivityAt = now;
        store?.saveActivity(callerId, record);
      }
    },
    resume(callerId, now) {
      const record = sessions.get(callerId);
      if (!record) return;
      record.idleLockedAt = null;
      record.lastActivityAt = now;
      save(callerId);
    },
    lockNow(callerId, now) {
      const record = sessions.get(callerId);
      if (!record || record.idleLockedAt) return null;
      record.idleLockedAt = now;
      save(callerId);
      return record;
    },
    callers: () => [...sessions.keys()],
    idleLockAt(callerId) {
      const record = sessions.get(callerId);
      return record ? lockAt(record) : null;
    },
  };
}

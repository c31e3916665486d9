/**
 * Sessions live in main, one per window (caller); the renderer never holds a token. Idle
 * lock is computed from the clock at every look-up (PCI DSS 8.2.8), so a session can never
 * appear active because a timer did not fire.
 */
import type { Role } from '../../../shared/contract/index.ts';
import type { CallerSession, SessionLookup } from '../router/router.ts';

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
}

export interface SessionRegistryOptions {
  idleLockMinutes: () => number;
  /** Called once when a session is first seen idle-locked, to audit it. */
  onIdleLock: (callerId: string, session: SessionRecord, at: Date) => void;
}

export function createSessionRegistry(options: SessionRegistryOptions): SessionRegistry {
  const sessions = new Map<string, SessionRecord>();

  const lockAt = (record: SessionRecord) =>
    new Date(record.lastActivityAt.getTime() + options.idleLockMinutes() * 60_000);

  function get(callerId: string, now: Date) {
    const record = sessions.get(callerId);
    if (!record) return null;
    if (!record.idleLockedAt && now >= lockAt(record)) {
      record.idleLockedAt = lockAt(record);
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
    },
    end(callerId) {
      const record = sessions.get(callerId) ?? null;
      sessions.delete(callerId);
      return record;
    },
    touch(callerId, now) {
      const record = sessions.get(callerId);
      if (record && !record.idleLockedAt && now > record.lastActivityAt)
        record.lastActivityAt = now;
    },
    resume(callerId, now) {
      const record = sessions.get(callerId);
      if (!record) return;
      record.idleLockedAt = null;
      record.lastActivityAt = now;
    },
    lockNow(callerId, now) {
      const record = sessions.get(callerId);
      if (!record || record.idleLockedAt) return null;
      record.idleLockedAt = now;
      return record;
    },
    callers: () => [...sessions.keys()],
    idleLockAt(callerId) {
      const record = sessions.get(callerId);
      return record ? lockAt(record) : null;
    },
  };
}

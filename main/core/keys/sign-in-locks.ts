/**
 * The sign-in locks in force, kept in the key store (key-notes.ts): which operator is locked out
 * after too many wrong passwords, and until when.
 *
 * The database says it twice — the row's `locked_until` and the trail's `operator.locked-out`
 * entry — and someone who writes the file without the keys can undo both: put the row back from
 * before the failures (its genuine MAC) and rename the entry (its MAC then fails, but the
 * operator's entries are selected by their action name, so it simply drops out of the selection
 * until a full verification reads it). The key store cannot be written without the keys, so a
 * lock it records holds until its end, whatever the database says (operators/operator-store.ts).
 *
 * An operator is named by its id and username together, as in operators-disabled.ts. Bounded:
 * only locks still in force are kept — every write drops the ones that have ended — and one
 * lock per operator (the later end). A key store without the note yet records no lock: the row
 * and the trail alone speak, as before.
 *
 * Written inside the lockout's transaction, under the database's write lock (one rewrite of the
 * key document at a time).
 */
import type { KeyNotesStore } from './key-notes.ts';

export interface SignInLock {
  /** The operator's id (operators.id). */
  id: number;
  username: string;
  /** When the lock ends (ISO 8601). */
  until: string;
}

export interface SignInLocksStore {
  /** Where, in words. */
  readonly where: string;
  /** Every lock recorded (some may have ended since: compare `until` with the clock). */
  read(): readonly SignInLock[];
  /** Records a lock; the locks ended by `now` are dropped, and a later end kept for the operator. */
  record(lock: SignInLock, now: Date): void;
}

/** The end of the operator's recorded lock when it is later than `now`, else null. */
export function lockedBy(
  locks: readonly SignInLock[],
  operator: { id: number; username: string },
  now: Date,
): Date | null {
  let end: Date | null = null;
  for (const lock of locks) {
    if (lock.id !== operator.id || lock.username !== operator.username) continue;
    const until = new Date(lock.until);
    if (until > now && (!end || until > end)) end = until;
  }
  return end;
}

export function signInLocksOf(notes: KeyNotesStore): SignInLocksStore {
  return {
    where: notes.where,
    read: () => notes.read().signInLocks ?? [],
    record: (lock, now) =>
      notes.update((current) => {
        const before = current.signInLocks ?? [];
        const named = (other: SignInLock) =>
          other.id === lock.id && other.username === lock.username;
        const inForce = before.filter((other) => new Date(other.until) > now);
        const until = [lock, ...inForce.filter(named)]
          .map((other) => new Date(other.until))
          .reduce((a, b) => (b > a ? b : a));
        // By operator id, so a lock recorded again unchanged rewrites nothing.
        const next = [
          ...inForce.filter((other) => !named(other)),
          { ...lock, until: until.toISOString() },
        ].sort((a, b) => a.id - b.id);
        return JSON.stringify(next) === JSON.stringify(before)
          ? null
          : { ...current, signInLocks: next };
      }),
  };
}

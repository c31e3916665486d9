/**
 * A broken audit trail, as the trail watch found it (audit/trail-watch.ts), and how far the
 * watch verified the trail, both kept in the key store (key-notes.ts): someone who writes the
 * database file without the keys can neither clear the mark nor make the watch forget what it
 * verified.
 *
 * - The mark: while it is there, resets and the relay's sends are refused. Putting the edited
 *   entries back does not clear it (the file was demonstrably edited, and decisions may have
 *   been taken on the edit): only a recorded restore (`desk-admin restore` releases it, the
 *   watch's next full pass that holds clears it) or an administrator who has had the trail
 *   checked (`desk-admin audit verify --clear-break`, audited) does.
 * - The watched note: the newest entry the watch verified (seq and its chain MAC), written at
 *   most every few seconds, and how many restores were recorded. A full pass whose chain ends
 *   before that entry, or holds another entry there, finds a cut — not an unanchored tail — in
 *   whichever process runs it, and after a restart. A recorded restore moves it back to the
 *   entry restored to.
 */
import type { KeyNotesStore } from './key-notes.ts';

export interface TrailBreak {
  /** The first audit entry found failing (or the entry the failure was found at), from 1. */
  seq: number;
  /** When it was found (ISO 8601). */
  foundAt: string;
  /** What failed, in words (no secret, no personal data). */
  problem: string;
  /** When a restore was recorded after it: the next full pass that holds clears it. */
  restoredAt?: string;
}

export interface TrailWatched {
  /** The newest entry the watch verified (0: none). */
  seq: number;
  /** Its chain MAC, hex. */
  mac: string;
  /** Restores recorded so far (each moves `seq` back to the entry restored to). */
  restores: number;
}

export interface TrailBreakStore {
  /** Where, in words. */
  readonly where: string;
  read(): TrailBreak | null;
  /**
   * Records a break; one already recorded at the same or an earlier entry is kept, unless a
   * restore was recorded since (a break found after a restore is a new one).
   */
  mark(broken: TrailBreak): void;
  /** Clears the mark: after a recorded restore and a full pass that held, or by an admin. */
  clear(): void;
  /** How far the watch verified, or null. */
  watched(): TrailWatched | null;
  /**
   * Records how far the watch verified: only onward, and only when no restore was recorded
   * since the watch last read the note (`watched.restores`).
   */
  noteWatched(watched: TrailWatched): void;
  /** A restore was recorded, back to entry `to`: the watched note moves there, a mark is released. */
  restored(to: { seq: number; mac: string }, at: string): void;
}

/** A break's entry as the key store keeps it: a whole number from 1 (1: before any entry). */
export const breakSeq = (seq: unknown): number =>
  typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 1 ? seq : 1;

export function trailBreakOf(notes: KeyNotesStore): TrailBreakStore {
  return {
    where: notes.where,
    read: () => notes.read().trailBroken ?? null,
    mark: (broken) =>
      notes.update((current) =>
        current.trailBroken &&
        current.trailBroken.restoredAt === undefined &&
        current.trailBroken.seq <= breakSeq(broken.seq)
          ? null
          : { ...current, trailBroken: { ...broken, seq: breakSeq(broken.seq) } },
      ),
    clear: () => notes.update(({ trailBroken, ...rest }) => (trailBroken ? rest : null)),
    watched: () => notes.read().trailWatched ?? null,
    noteWatched: (watched) =>
      notes.update((current) => {
        const was = current.trailWatched;
        if ((was?.restores ?? 0) !== watched.restores) return null;
        if (was && (was.seq > watched.seq || (was.seq === watched.seq && was.mac === watched.mac)))
          return null;
        return { ...current, trailWatched: watched };
      }),
    restored: (to, at) =>
      notes.update((current) => ({
        ...current,
        trailWatched: { ...to, restores: (current.trailWatched?.restores ?? 0) + 1 },
        ...(current.trailBroken && { trailBroken: { ...current.trailBroken, restoredAt: at } }),
      })),
  };
}

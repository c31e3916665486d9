/**
 * A broken audit trail, as the trail watch found it (audit/trail-watch.ts), kept in the key
 * store (key-notes.ts): someone who writes the database file without the keys cannot clear it.
 * While it is there, resets and the relay's sends are refused. Only a full verification that
 * passes clears it.
 */
import type { KeyNotesStore } from './key-notes.ts';

export interface TrailBreak {
  /** The first audit entry found failing (or the entry the failure was found at). */
  seq: number;
  /** When it was found (ISO 8601). */
  foundAt: string;
  /** What failed, in words (no secret, no personal data). */
  problem: string;
}

export interface TrailBreakStore {
  /** Where, in words. */
  readonly where: string;
  read(): TrailBreak | null;
  /** Records a break; one already recorded at the same or an earlier entry is kept. */
  mark(broken: TrailBreak): void;
  /** Clears the mark: only after a full verification passed. */
  clear(): void;
}

export function trailBreakOf(notes: KeyNotesStore): TrailBreakStore {
  return {
    where: notes.where,
    read: () => notes.read().trailBroken ?? null,
    mark: (broken) =>
      notes.update((current) =>
        current.trailBroken && current.trailBroken.seq <= broken.seq
          ? null
          : { ...current, trailBroken: broken },
      ),
    clear: () => notes.update(({ trailBroken, ...rest }) => (trailBroken ? rest : null)),
  };
}

/**
 * Whether the audit trail is marked broken (keys/trail-break.ts, written by the trail watch):
 * while it is, no reset is decided, approved or sent — the decisions read the trail (misses,
 * fraud seen, how resets ended) and a trail that failed verification may be hiding any of it.
 * The mark is in the key store, so a writer of the database file cannot clear it; a key store
 * that cannot be read counts as broken (nothing is decided on a trail nobody can vouch for).
 */
import type { KeyProvider } from '../keys/key-provider.ts';

export const TRAIL_BROKEN_MESSAGE =
  'The audit trail failed verification: no reset is decided or sent until a team lead has had it checked. Call the team lead.';

/** Reads the mark afresh at each call: another process on the database may have set it. */
export function trailBrokenCheck(keys: Pick<KeyProvider, 'trailBreak'>): () => boolean {
  return () => {
    if (!keys.trailBreak) return false; // keys held only in memory: no watch, no mark
    try {
      return keys.trailBreak.read() !== null;
    } catch {
      return true;
    }
  };
}

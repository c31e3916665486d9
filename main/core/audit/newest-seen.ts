/**
 * The newest trail entry this process has seen of a kind for a subject (a cardholder's facts, one
 * of their contacts). Decisions take "the newest entry for the subject" by SQL, on columns a
 * writer without the keys can change: rename the newest and the one before it becomes the newest,
 * vouching for the older row put back with its genuine MAC. Once this process has seen an entry
 * as the newest, a later read whose newest is older can only mean the entry left the selection
 * unread (an entry that holds its MAC keeps its action and subject): the subject's row is read
 * as altered, until the entry is back.
 *
 * Within one process only: a process that starts after the rename never saw the newer entry (the
 * trail watch's full pass finds it). Bounded: the subjects seen longest ago are forgotten first.
 */

/** Answers the number of the newest entry seen before under `key` when `newest` is older, or null. */
export type NewestSeen = (key: string, newest: number) => number | null;

const REMEMBERED_KEYS = 4096;

export function newestSeen(rememberedKeys = REMEMBERED_KEYS): NewestSeen {
  const remembered = new Map<string, number>();
  return (key, newest) => {
    const seen = remembered.get(key) ?? 0;
    remembered.delete(key);
    remembered.set(key, Math.max(seen, newest));
    if (remembered.size > rememberedKeys) remembered.delete(remembered.keys().next().value!);
    return newest < seen ? seen : null;
  };
}

/**
 * Whether the anchor file's last line may be chained onto. A new checkpoint MACs the line
 * before it, so chaining onto a line someone cut back to, or edited, would launder the cut:
 * a few dozen ordinary entries later the new chain passes the key store's head and verifies.
 * So before every checkpoint (and when the console opens) the last line must hold its own
 * MAC, anchor an entry the database holds with that very MAC, and agree with the newest line
 * the key store keeps (anchor-head.ts). A line that does not is never built upon: the writer
 * refuses, and `desk-admin audit verify` says what was cut.
 */
import type { AnchorHead } from '../keys/anchor-head.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { anchorMacOf, type Checkpoint } from './checkpoint-anchor.ts';

export interface AnchorTail {
  /** The file's last line, if any. */
  last: Checkpoint | undefined;
  /** The whole file, read only when the key store's head is not its last line. */
  readAll: () => Checkpoint[];
  /** The newest line the key store keeps; null where no key store keeps one. */
  head: AnchorHead | null;
  keys: Pick<KeyProvider, 'byId'>;
  /** The chain MAC of the database's entry `seq`; omitted where the database is not at hand. */
  entryMac?: (seq: number) => Buffer | undefined;
}

/** Why the last line cannot be built upon, in words; null when it can. */
export function anchorTailProblem(tail: AnchorTail): string | null {
  const { last, head } = tail;
  if (!last) {
    return head
      ? `the checkpoint file is empty or gone, but the key store records line ${head.n} (entry ${head.seq})`
      : null;
  }
  const { anchorMac, ...fields } = last;
  if (!lineHolds(tail.keys, last.keyId, fields, anchorMac)) {
    return `checkpoint line ${last.n} does not match its MAC`;
  }
  const entry = tail.entryMac?.(last.seq);
  if (tail.entryMac && (!entry || entry.toString('hex') !== last.mac)) {
    return `checkpoint line ${last.n} anchors entry ${last.seq}, which the database does not hold as it was anchored`;
  }
  if (!head) return null;
  return headMismatch(last.n, (n) => (n === last.n ? last : tail.readAll()[n - 1]), head);
}

/**
 * How an anchor file of `lineCount` lines disagrees with the key store's newest line (cut
 * short, or another line at its place), in words; null when it agrees. `audit verify` and
 * the writers say it alike.
 */
export function headMismatch(
  lineCount: number,
  lineAt: (n: number) => Checkpoint | undefined,
  head: AnchorHead,
): string | null {
  if (lineCount < head.n) {
    return `the checkpoint file ends at line ${lineCount}, but the key store records line ${head.n} (entry ${head.seq}): the file was cut or an older copy put back`;
  }
  if (lineAt(head.n)?.anchorMac !== head.anchorMac) {
    return `checkpoint line ${head.n} is not the one the key store records (entry ${head.seq}): the file was replaced`;
  }
  return null;
}

/** Whether a line's own MAC holds under the key it names (an unknown key: it does not). */
function lineHolds(
  keys: Pick<KeyProvider, 'byId'>,
  keyId: string,
  fields: Omit<Checkpoint, 'anchorMac'>,
  anchorMac: string,
): boolean {
  try {
    return anchorMacOf(keys.byId('audit', keyId), fields) === anchorMac;
  } catch {
    return false;
  }
}

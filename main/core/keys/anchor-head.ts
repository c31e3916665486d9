/**
 * The newest checkpoint line, kept in the key store (key-notes.ts): where someone who can
 * write the database and its anchor file, but not the keys, cannot roll it back. `audit verify`
 * refuses an anchor file that ends before this line or holds another line at its place
 * (a cut, or an old copy of the file put back).
 */
import type { KeychainPort } from './keychain-keys.ts';
import { keychainNotes, keyFileNotes, type KeyNotesStore } from './key-notes.ts';

export interface AnchorHead {
  /** The line's number in the anchor chain (lines so far). */
  n: number;
  /** The audit entry it anchors. */
  seq: number;
  /** The line's own MAC. */
  anchorMac: string;
}

export interface AnchorHeadStore {
  /** Where, in words. */
  readonly where: string;
  read(): AnchorHead | null;
  /** Records a newer head; an older or equal one is ignored (another process got there first). */
  write(head: AnchorHead): void;
}

export function anchorHeadOf(notes: KeyNotesStore): AnchorHeadStore {
  return {
    where: notes.where,
    read: () => notes.read().anchorHead ?? null,
    write: (head) =>
      notes.update((current) =>
        current.anchorHead && current.anchorHead.n >= head.n
          ? null
          : { ...current, anchorHead: head },
      ),
  };
}

export function keychainAnchorHead(keychain: KeychainPort, databaseId: string): AnchorHeadStore {
  return anchorHeadOf(keychainNotes(keychain, databaseId));
}

export function keyFileAnchorHead(path: string): AnchorHeadStore {
  return anchorHeadOf(keyFileNotes(path));
}

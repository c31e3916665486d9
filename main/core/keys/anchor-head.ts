/**
 * The newest checkpoint line, kept in the key store: where someone who can write the
 * database and its anchor file, but not the keys, cannot roll it back. `audit verify`
 * refuses an anchor file that ends before this line or holds another line at its place
 * (a cut, or an old copy of the file put back).
 *
 * It is a field of the key document itself (key-set-json.ts), rewritten with the same keys:
 * the OS keychain entry in production, the key file (written beside and renamed over it,
 * so the file is always whole) for tests, demo and headless servers. It is as well
 * protected as the keys are.
 */
import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { KeyError } from './key-provider.ts';
import { decodeKeyDocument, encodeKeySet } from './key-set-json.ts';
import { keychainAccount, keychainSource, type KeychainPort } from './keychain-keys.ts';

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

export function keychainAnchorHead(keychain: KeychainPort, databaseId: string): AnchorHeadStore {
  const account = keychainAccount(databaseId);
  const where = keychainSource(databaseId);
  const read = () => {
    const text = keychain.read(account);
    if (text === null) throw new KeyError(`The ${where} is gone.`);
    return decodeKeyDocument(text, `The ${where}`);
  };
  return {
    where,
    read: () => read().anchorHead ?? null,
    write(head) {
      const current = read();
      if (current.anchorHead && current.anchorHead.n >= head.n) return;
      // The same keys with a new head, in one keychain write.
      keychain.write(account, encodeKeySet(current.set, head));
    },
  };
}

export function keyFileAnchorHead(path: string): AnchorHeadStore {
  const where = `key file "${path}"`;
  const read = () => decodeKeyDocument(readFileSync(path, 'utf8'), `Key file "${path}"`);
  return {
    where,
    read: () => read().anchorHead ?? null,
    write(head) {
      const current = read();
      if (current.anchorHead && current.anchorHead.n >= head.n) return;
      // Same keys, a new head: written beside it owner-only and renamed over it, so the file
      // is always whole (never a moment without its keys).
      const temporary = `${path}.${process.pid}.tmp`;
      rmSync(temporary, { force: true }); // left by a crash of this pid's predecessor
      const fd = openSync(temporary, 'wx', 0o600);
      try {
        writeSync(fd, encodeKeySet(current.set, head));
        fsyncSync(fd);
      } catch (error) {
        closeSync(fd);
        unlinkSync(temporary);
        throw error;
      }
      closeSync(fd);
      renameSync(temporary, path);
    },
  };
}

/**
 * Keys in the OS keychain (production): one entry per database, service "Verify Desk",
 * account naming the database id, holding the serialised key set. The keychain is reached
 * through a small port so tests use a fake and the real binding stays in os-keychain.ts.
 */
import { KeyError } from './key-provider.ts';
import { decodeKeySet, encodeKeySet } from './key-set-json.ts';
import type { KeySet } from './key-set.ts';

export const KEYCHAIN_SERVICE = 'Verify Desk';

/** What Verify Desk needs of a keychain, for one service. Methods throw when the keychain cannot be used. */
export interface KeychainPort {
  /** The stored text, or null when there is no entry. */
  read(account: string): string | null;
  write(account: string, text: string): void;
  /** true when an entry was removed, false when there was none. */
  remove(account: string): boolean;
}

export function keychainAccount(databaseId: string): string {
  return `database ${databaseId}`;
}

/** Where keys live, in words for error messages. */
export function keychainSource(databaseId: string): string {
  return `OS keychain entry "${KEYCHAIN_SERVICE}" / "${keychainAccount(databaseId)}"`;
}

export function readKeychainKeys(keychain: KeychainPort, databaseId: string): KeySet {
  const text = useKeychain(`read the keys of database ${databaseId}`, () =>
    keychain.read(keychainAccount(databaseId)),
  );
  if (text === null) {
    throw new KeyError(
      `No keys for database ${databaseId} in the ${keychainSource(databaseId)}. Open it as the same user on the machine where it was made, or, if it was made with a key file, name that file: --key-file PATH.`,
    );
  }
  return decodeKeySet(text, `The ${keychainSource(databaseId)}`);
}

/** Stores a new database's keys; refuses to replace an entry that already exists. */
export function storeKeychainKeys(keychain: KeychainPort, databaseId: string, set: KeySet): void {
  const account = keychainAccount(databaseId);
  useKeychain(`store the keys of new database ${databaseId}`, () => {
    if (keychain.read(account) !== null) {
      throw new KeyError(`The ${keychainSource(databaseId)} already exists; it is never replaced.`);
    }
    keychain.write(account, encodeKeySet(set));
  });
}

/** Undoes storeKeychainKeys when creating the database failed afterwards. */
export function removeKeychainKeys(keychain: KeychainPort, databaseId: string): void {
  useKeychain(`remove the keys of database ${databaseId}`, () =>
    keychain.remove(keychainAccount(databaseId)),
  );
}

function useKeychain<T>(action: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof KeyError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    // Headless Linux (no Secret Service), containers and remote shells report
    // "Couldn't access platform storage": the fix is a key file, so say so.
    throw new KeyError(
      `The OS keychain could not be used to ${action} (${reason}). On a machine without a desktop keychain (a headless server, a container, a remote shell), name a key file instead: --key-file PATH.`,
    );
  }
}

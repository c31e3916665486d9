/**
 * The one way the app and desk-admin get a database's keys: from the key file when one is
 * named, otherwise from the OS keychain. Nothing here creates keys — a missing key is an
 * error saying what is missing and how to fix it; only `desk-admin init` makes keys.
 */
import { readKeyFile } from './key-file.ts';
import { keychainNotes, keyFileNotes, keyStoreRecords } from './key-notes.ts';
import { KEY_PURPOSES, KeyError, type KeyProvider, type KeyPurpose } from './key-provider.ts';
import { keySetProvider, type KeySet } from './key-set.ts';
import { keychainSource, readKeychainKeys, type KeychainPort } from './keychain-keys.ts';
import { osKeychain } from './os-keychain.ts';

export interface OpenKeyProviderOptions {
  /** A key file named explicitly (--key-file); never guessed from the database's path. */
  keyFile?: string;
  /** The database whose keys these are (names its keychain entry). */
  databaseId: string;
  /**
   * The key ids the database records (readKeyBinding); when given, keys that lack them are
   * refused here rather than producing silent mismatches later.
   */
  expectedKeyIds?: Partial<Record<KeyPurpose, string>>;
  /** Defaults to the OS keychain; tests pass a fake. */
  keychain?: KeychainPort;
}

export function openKeyProvider(options: OpenKeyProviderOptions): KeyProvider {
  const { keyFile, databaseId } = options;
  const source = keyFile === undefined ? keychainSource(databaseId) : `key file "${keyFile}"`;
  const keychain = keyFile === undefined ? (options.keychain ?? osKeychain()) : undefined;
  const set = keychain ? readKeychainKeys(keychain, databaseId) : readKeyFile(keyFile!);
  const fix =
    keyFile === undefined
      ? 'Open it as the user, on the machine, that made it, or name its key file: --key-file PATH.'
      : 'Name the key file that was written when this database was made.';
  if (options.expectedKeyIds) checkExpected(set, options.expectedKeyIds, databaseId, source, fix);
  const notes = keychain ? keychainNotes(keychain, databaseId) : keyFileNotes(keyFile!);
  return { ...keySetProvider(set, source), ...keyStoreRecords(notes) };
}

function checkExpected(
  set: KeySet,
  expected: Partial<Record<KeyPurpose, string>>,
  databaseId: string,
  source: string,
  fix: string,
): void {
  for (const purpose of KEY_PURPOSES) {
    const id = expected[purpose];
    if (id === undefined || set[purpose].some((key) => key.id === id)) continue;
    const held = set[purpose].map((key) => key.id).join(', ');
    throw new KeyError(
      `The ${source} does not hold the keys this database was made with (database ${databaseId} expects ${purpose} key ${id}; it holds ${held}). ${fix}`,
    );
  }
}

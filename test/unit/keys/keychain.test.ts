import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyError } from '../../../main/core/keys/key-provider.ts';
import { createKeySet, currentKeyIds } from '../../../main/core/keys/key-set.ts';
import {
  keychainAccount,
  readKeychainKeys,
  removeKeychainKeys,
  storeKeychainKeys,
} from '../../../main/core/keys/keychain-keys.ts';
import { openKeyProvider } from '../../../main/core/keys/open-key-provider.ts';
import { osKeychain } from '../../../main/core/keys/os-keychain.ts';
import { fakeKeychain } from './fake-keychain.ts';

const HEADLESS = "Couldn't access platform storage: AccessDenied";

describe('keychain keys (through a fake keychain)', () => {
  it('stores a database’s keys under its id and reads them back', () => {
    const keychain = fakeKeychain();
    const set = createKeySet();
    storeKeychainKeys(keychain, 'db-1', set);

    expect([...keychain.entries.keys()]).toEqual(['database db-1']);
    const keys = openKeyProvider({
      databaseId: 'db-1',
      keychain,
      expectedKeyIds: currentKeyIds(set),
    });
    expect(keys.current('lookup').secret).toEqual(set.lookup[0]!.secret);
  });

  it('never replaces an existing entry', () => {
    const keychain = fakeKeychain();
    storeKeychainKeys(keychain, 'db-1', createKeySet());
    expect(() => storeKeychainKeys(keychain, 'db-1', createKeySet())).toThrow(
      /already exists; it is never replaced/u,
    );
  });

  it('a missing entry is an error saying where the keys should be, and never creates keys', () => {
    const keychain = fakeKeychain();
    expect(() => openKeyProvider({ databaseId: 'db-2', keychain })).toThrow(
      'No keys for database db-2 in the OS keychain entry "Verify Desk" / "database db-2". Open it as the same user on the machine where it was made, or, if it was made with a key file, name that file: --key-file PATH.',
    );
    expect(keychain.entries.size).toBe(0);
  });

  it('a keychain that cannot be reached becomes a KeyError asking for a key file', () => {
    const keychain = fakeKeychain(HEADLESS);
    for (const attempt of [
      () => openKeyProvider({ databaseId: 'db-3', keychain }),
      () => storeKeychainKeys(keychain, 'db-3', createKeySet()),
    ]) {
      expect(attempt).toThrow(KeyError);
      expect(attempt).toThrow(`(${HEADLESS}). On a machine without a desktop keychain`);
      expect(attempt).toThrow(/name a key file instead: --key-file PATH\.$/u);
    }
  });

  it('a damaged entry is refused like a damaged key file', () => {
    const keychain = fakeKeychain();
    keychain.entries.set(keychainAccount('db-4'), '{"format":"verify-desk-keys"}');
    expect(() => readKeychainKeys(keychain, 'db-4')).toThrow(
      /The OS keychain entry "Verify Desk" \/ "database db-4" is not a Verify Desk key set/u,
    );
  });
});

describe('the real OS keychain binding', () => {
  it('loads', async () => {
    const binding = await import('@napi-rs/keyring');
    expect(typeof binding.Entry).toBe('function');
  });

  it('either round-trips keys or fails with the clear error (headless machines)', () => {
    const keychain = osKeychain('Verify Desk (test)');
    const databaseId = `test-${randomUUID()}`;
    const set = createKeySet();
    let stored = false;
    try {
      storeKeychainKeys(keychain, databaseId, set);
      stored = true;
    } catch (error) {
      expect(error).toBeInstanceOf(KeyError);
      expect((error as Error).message).toMatch(
        /^The OS keychain could not be used to store the keys of new database test-.*\(.+\)\. .*name a key file instead: --key-file PATH\.$/u,
      );
    }
    if (stored) {
      try {
        expect(currentKeyIds(readKeychainKeys(keychain, databaseId))).toEqual(currentKeyIds(set));
      } finally {
        removeKeychainKeys(keychain, databaseId);
      }
    }
  });
});

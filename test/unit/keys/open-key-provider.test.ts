import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.ts';
import { recordDatabaseIdentity } from '../../../main/core/db/database-info.ts';
import { readKeyBinding } from '../../../main/core/keys/database-key-binding.ts';
import { createKeyFile } from '../../../main/core/keys/key-file.ts';
import { KeyError } from '../../../main/core/keys/key-provider.ts';
import { encodeKeySet } from '../../../main/core/keys/key-set-json.ts';
import {
  createKeySet,
  deriveKeySet,
  keySetProvider,
  rotateKey,
} from '../../../main/core/keys/key-set.ts';
import { openKeyProvider } from '../../../main/core/keys/open-key-provider.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { fakeKeychain } from './fake-keychain.ts';

const tempDir = useTempDir('verify-desk-keys-');

function databaseMadeWith(set = deriveKeySet('made-with'), databaseId = 'db-made') {
  const db = new Database(':memory:');
  migrate(db);
  recordDatabaseIdentity(db, { databaseId, keys: keySetProvider(set, 'test') });
  return db;
}

describe('openKeyProvider', () => {
  it('opens the key file the database was made with', () => {
    const set = deriveKeySet('made-with');
    const keyFile = join(tempDir(), 'desk.key');
    createKeyFile(keyFile, set);
    const binding = readKeyBinding(databaseMadeWith(set));

    expect(binding.databaseId).toBe('db-made');
    const keys = openKeyProvider({ keyFile, ...binding });
    expect(keys.current('audit').id).toBe(binding.expectedKeyIds.audit);
  });

  it('refuses a key file that does not hold the keys the database was made with', () => {
    const keyFile = join(tempDir(), 'other.key');
    createKeyFile(keyFile, deriveKeySet('some other database'));
    const binding = readKeyBinding(databaseMadeWith());

    const open = () => openKeyProvider({ keyFile, ...binding });
    expect(open).toThrow(KeyError);
    expect(open).toThrow(
      new RegExp(
        `^The key file "${keyFile}" does not hold the keys this database was made with \\(database db-made expects lookup key ${binding.expectedKeyIds.lookup}; it holds lookup-[0-9a-f]{12}\\)\\. Name the key file that was written when this database was made\\.$`,
        'u',
      ),
    );
  });

  it('refuses keychain keys that are not this database’s, too', () => {
    const keychain = fakeKeychain();
    keychain.entries.set('database db-made', encodeKeySet(createKeySet()));
    const binding = readKeyBinding(databaseMadeWith());
    expect(() => openKeyProvider({ keychain, ...binding })).toThrow(
      /^The OS keychain entry "Verify Desk" \/ "database db-made" does not hold the keys this database was made with/u,
    );
  });

  it('accepts rotated keys: the database’s original key is still held, new values use the newest', () => {
    const original = deriveKeySet('made-with');
    const rotated = rotateKey(original, 'lookup');
    const keyFile = join(tempDir(), 'rotated.key');
    createKeyFile(keyFile, rotated);
    const binding = readKeyBinding(databaseMadeWith(original));

    const keys = openKeyProvider({ keyFile, ...binding });
    expect(keys.current('lookup').id).toBe(rotated.lookup[1]!.id);
    expect(keys.byId('lookup', binding.expectedKeyIds.lookup!).secret).toEqual(
      original.lookup[0]!.secret,
    );
  });

  it('never looks for a key file beside the database: no key file named means the keychain', () => {
    const keychain = fakeKeychain();
    expect(() => openKeyProvider({ databaseId: 'db-made', keychain })).toThrow(
      /No keys for database db-made/u,
    );
  });
});

describe('readKeyBinding', () => {
  it('refuses a database that records no id', () => {
    const db = new Database(':memory:');
    migrate(db);
    expect(() => readKeyBinding(db)).toThrow(
      'This database records no id, so its keys cannot be found: it was not made by desk-admin init (or desk-admin demo).',
    );
  });
});

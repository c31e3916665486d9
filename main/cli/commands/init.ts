/**
 * `desk-admin init --db PATH [--key-file PATH]`: the only place a database and its keys are
 * born together. It never touches what exists — an existing database or key file is refused
 * — and leaves nothing behind when it fails halfway, so a database never exists without the
 * keys it records.
 */
import type { Command } from 'commander';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, openSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { hostname } from 'node:os';
import { createAuditTrail } from '../../core/audit/audit-trail.ts';
import { defaultAnchorPath } from '../../core/audit/checkpoint-anchor.ts';
import { systemClock } from '../../core/clock.ts';
import { openDatabase } from '../../core/db/connection.ts';
import { recordDatabaseIdentity } from '../../core/db/database-info.ts';
import { createKeyFile } from '../../core/keys/key-file.ts';
import {
  keychainNotes,
  keyFileNotes,
  keyStoreRecords,
  type KeyStoreRecords,
} from '../../core/keys/key-notes.ts';
import {
  besideDatabaseMessage,
  keyFileBesideDatabase,
} from '../../core/keys/key-file-placement.ts';
import type { KeyProvider, KeyPurpose } from '../../core/keys/key-provider.ts';
import {
  createKeySet,
  currentKeyIds,
  keySetProvider,
  type KeySet,
  type RandomBytes,
} from '../../core/keys/key-set.ts';
import {
  keychainSource,
  removeKeychainKeys,
  storeKeychainKeys,
  type KeychainPort,
} from '../../core/keys/keychain-keys.ts';
import { osKeychain } from '../../core/keys/os-keychain.ts';
import { CliError } from '../cli-error.ts';
import type { CliIo } from '../cli-io.ts';

export interface InitOptions {
  db: string;
  /** Keys go to this new file; without it, to the OS keychain. */
  keyFile?: string;
}

export interface InitDependencies {
  keychain?: KeychainPort;
  random?: RandomBytes;
  newDatabaseId?: () => string;
}

export interface InitResult {
  databaseId: string;
  keyIds: Record<KeyPurpose, string>;
  /** Where the keys are, in words. */
  keyStore: string;
}

export function registerInitCommand(program: Command, io: CliIo): void {
  program
    .command('init')
    .description(
      'Create a new, empty database and its keys (in the OS keychain, or a new key file).',
    )
    .requiredOption('--db <path>', 'the database file to create (must not exist; local disk only)')
    .option(
      '--key-file <path>',
      'write the keys to this new owner-only file instead of the OS keychain (headless servers)',
    )
    .action((options: InitOptions) => {
      const result = initDatabase(options, { keychain: io.keychain });
      io.stdout.write(
        [
          `Created database "${options.db}" (id ${result.databaseId}).`,
          `Keys (${Object.values(result.keyIds).join(', ')}) are in the ${result.keyStore}.`,
          options.keyFile === undefined
            ? 'Open the database as this user on this machine; its keys are in this keychain only.'
            : 'Keep the key file secret and backed up: without it the database cannot be searched or its audit trail verified.',
          '',
        ].join('\n'),
      );
    });
}

export function initDatabase(options: InitOptions, deps: InitDependencies = {}): InitResult {
  const { db: dbPath, keyFile } = options;
  if (keyFile !== undefined && resolve(keyFile) === resolve(dbPath)) {
    throw new CliError('--db and --key-file must name different files.');
  }
  if (keyFile !== undefined && keyFileBesideDatabase(dbPath, keyFile)) {
    throw new CliError(besideDatabaseMessage(dbPath, keyFile));
  }
  claimDatabasePath(dbPath);

  const databaseId = (deps.newDatabaseId ?? randomUUID)();
  const keys = createKeySet(deps.random ?? randomBytes);
  let store: KeyStore;
  try {
    store = storeKeys(keys, databaseId, keyFile, deps.keychain);
  } catch (error) {
    removeDatabaseFiles(dbPath);
    throw error;
  }

  try {
    writeIdentity(dbPath, databaseId, {
      ...keySetProvider(keys, store.description),
      ...store.records,
    });
  } catch (error) {
    removeDatabaseFiles(dbPath);
    try {
      store.undo();
    } catch {
      // Keys without a database harm nothing; the error worth reporting is the original one.
    }
    throw error;
  }
  return { databaseId, keyIds: currentKeyIds(keys), keyStore: store.description };
}

/** Creates the schema and records the database's id and key ids, in the file claimed above. */
function writeIdentity(dbPath: string, databaseId: string, keys: KeyProvider): void {
  const db = openDatabase(dbPath, { create: true });
  try {
    // The first audit entry is the database's birth, anchored at once: verify passes from here.
    const audit = createAuditTrail(db, keys, defaultAnchorPath(dbPath), { clock: systemClock });
    audit.transact(() => {
      recordDatabaseIdentity(db, { databaseId, keys });
      audit.append({
        at: systemClock.now(),
        operatorId: null,
        username: null,
        origin: `desk-admin@${hostname()}`,
        action: 'database.init',
        subjectType: 'database',
        subjectId: databaseId,
        result: 'success',
        details: {},
      });
    });
    audit.anchorNow();
  } finally {
    db.close();
  }
}

/** Creates the database file exclusively: refusing an existing one cannot race with another init. */
function claimDatabasePath(dbPath: string): void {
  try {
    closeSync(openSync(dbPath, 'wx', 0o600));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new CliError(
        `"${dbPath}" already exists. init only creates new databases; it never changes an existing one.`,
      );
    }
    if (code === 'ENOENT')
      throw new CliError(`Cannot create "${dbPath}": its folder does not exist.`);
    throw new CliError(`Cannot create "${dbPath}": ${(error as Error).message}`);
  }
}

interface KeyStore {
  description: string;
  /** What the key store keeps beside the keys: the newest checkpoint line, … (key-notes.ts). */
  records: KeyStoreRecords;
  undo(): void;
}

function storeKeys(
  keys: KeySet,
  databaseId: string,
  keyFile: string | undefined,
  keychain?: KeychainPort,
): KeyStore {
  if (keyFile !== undefined) {
    createKeyFile(keyFile, keys);
    return {
      description: `key file "${keyFile}"`,
      records: keyStoreRecords(keyFileNotes(keyFile)),
      undo: () => rmSync(keyFile, { force: true }),
    };
  }
  const port = keychain ?? osKeychain();
  storeKeychainKeys(port, databaseId, keys);
  return {
    description: keychainSource(databaseId),
    records: keyStoreRecords(keychainNotes(port, databaseId)),
    undo: () => removeKeychainKeys(port, databaseId),
  };
}

function removeDatabaseFiles(dbPath: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal', '.anchors'])
    rmSync(`${dbPath}${suffix}`, { force: true });
}

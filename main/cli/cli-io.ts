/**
 * Everything a desk-admin command touches outside its arguments — output, keys, the
 * environment — passed in, so tests drive commands in-process with captured output and a
 * fake keychain.
 */
import type { Db } from '../core/db/connection.ts';
import { readKeyBinding } from '../core/keys/database-key-binding.ts';
import { refuseKeyFileBesideDatabase } from '../core/keys/key-file-placement.ts';
import type { KeyProvider } from '../core/keys/key-provider.ts';
import type { KeychainPort } from '../core/keys/keychain-keys.ts';
import { openKeyProvider } from '../core/keys/open-key-provider.ts';
import { CliError } from './cli-error.ts';
import { readPasswordFromProcess } from './read-password.ts';

export interface Writer {
  write(text: string): unknown;
}

export interface CliIo {
  stdout: Writer;
  stderr: Writer;
  /**
   * The keys of an open database: from the named key file, else the OS keychain; refused
   * (KeyError) when they are missing, are not the keys the database was made with, or are a
   * production key file in the database's own folder.
   */
  loadKeys(options: { keyFile?: string; db: Db }): KeyProvider;
  env: Readonly<Record<string, string | undefined>>;
  /** Where `init` stores keys without --key-file; defaults to the OS keychain. */
  keychain?: KeychainPort;
  /** Reads a password from a hidden prompt or from piped stdin — never from argv. */
  readPassword(prompt: string): Promise<string>;
}

export interface CliIoOptions {
  stdout: Writer;
  stderr: Writer;
  env: Readonly<Record<string, string | undefined>>;
  keychain?: KeychainPort;
  readPassword?: (prompt: string) => Promise<string>;
}

/** A CliIo whose loadKeys and init use the same keychain (the OS one unless given). */
export function createCliIo(options: CliIoOptions): CliIo {
  return {
    readPassword: () =>
      Promise.reject(new CliError('No password source: pipe it on stdin or run in a terminal.')),
    ...options,
    loadKeys: ({ keyFile, db }) => {
      refuseKeyFileBesideDatabase(db, db.name, keyFile);
      return openKeyProvider({ keyFile, keychain: options.keychain, ...readKeyBinding(db) });
    },
  };
}

export function processCliIo(): CliIo {
  return createCliIo({
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    readPassword: (prompt) => readPasswordFromProcess(prompt),
  });
}

/**
 * Keys in a JSON file (format in key-set-json.ts), for tests, demo and headless servers —
 * only ever when the file is named explicitly. The file is created owner-only (0600) and
 * never overwritten, and a file others can read is refused: a key readable by everyone is
 * a key that has leaked.
 */
import {
  closeSync,
  fchmodSync,
  fstatSync,
  fsyncSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { KeyError, type KeyProvider } from './key-provider.ts';
import { keyFileNotes, keyStoreRecords } from './key-notes.ts';
import { decodeKeySet, encodeKeySet } from './key-set-json.ts';
import { keySetProvider, type KeySet } from './key-set.ts';

const OWNER_ONLY = 0o600;
/** Generous for years of rotation; anything larger is not a key file. */
const MAX_BYTES = 1024 * 1024;

/** Writes a new key file, refusing to replace an existing one (its keys may be the only copy). */
export function createKeyFile(path: string, set: KeySet): void {
  let fd: number;
  try {
    // 'wx': fail if it exists, atomically; the mode is applied at creation, so the keys are
    // never readable by others, not even for an instant.
    fd = openSync(path, 'wx', OWNER_ONLY);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') {
      throw new KeyError(
        `Key file "${path}" already exists. A new key file never replaces one, whose keys may be the only way to check an existing database; choose another path.`,
      );
    }
    if (code === 'ENOENT')
      throw new KeyError(`Cannot create key file "${path}": its folder does not exist.`);
    throw new KeyError(`Cannot create key file "${path}": ${describe(error)}`);
  }
  try {
    if (process.platform !== 'win32') fchmodSync(fd, OWNER_ONLY); // exact, whatever the umask
    writeSync(fd, encodeKeySet(set));
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(path);
    throw new KeyError(`Cannot write key file "${path}": ${describe(error)}`);
  }
  closeSync(fd);
}

/** Reads and checks a key file; every problem is a KeyError saying what to do. */
export function readKeyFile(path: string, platform: NodeJS.Platform = process.platform): KeySet {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') {
      throw new KeyError(
        `Key file "${path}" does not exist. Name the key file that was written when this database was made (desk-admin init --key-file).`,
      );
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new KeyError(
        `Key file "${path}" cannot be read (permission denied); run as the user who owns it.`,
      );
    }
    throw new KeyError(`Key file "${path}" cannot be opened: ${describe(error)}`);
  }
  try {
    // Checked on the open descriptor, so the file judged is the file read.
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new KeyError(`Key file "${path}" is not a file.`);
    if (platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
      throw new KeyError(
        `Key file "${path}" can be read or changed by other users (mode ${mode}), so its keys must be treated as leaked; Verify Desk refuses to use it. If it never left this machine, restrict it to its owner: chmod 600 "${path}".`,
      );
    }
    if (stat.size > MAX_BYTES)
      throw new KeyError(`Key file "${path}" is too large to be a Verify Desk key file.`);
    let text: string;
    try {
      text = readFileSync(fd, 'utf8');
    } catch (error) {
      throw new KeyError(`Key file "${path}" cannot be read: ${describe(error)}`);
    }
    return decodeKeySet(text, `Key file "${path}"`);
  } finally {
    closeSync(fd);
  }
}

/** A KeyProvider over a key file (tests, demo, headless servers). */
export function openKeyFile(path: string): KeyProvider {
  return {
    ...keySetProvider(readKeyFile(path), `key file "${path}"`),
    ...keyStoreRecords(keyFileNotes(path)),
  };
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String(error.code)
    : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

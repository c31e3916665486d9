/**
 * What the key store keeps beside the keys (key-set-json.ts KeyNotes): where someone who can
 * write the database file, but holds no key, cannot roll it back or clear it. The OS keychain
 * entry in production; the key file (written beside and renamed over it, so the file is always
 * whole) for tests, demo and headless servers. It is as well protected as the keys are.
 *
 * Every change rereads the document and rewrites it whole with the same keys, so one note's
 * writer never drops another's.
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
import { anchorHeadOf, type AnchorHeadStore } from './anchor-head.ts';
import { gatewayHeadOf, type GatewayHeadStore } from './gateway-head.ts';
import { policyHeadOf, type PolicyHeadStore } from './policy-head.ts';
import { KeyError } from './key-provider.ts';
import { decodeKeyDocument, encodeKeySet, type KeyNotes } from './key-set-json.ts';
import { keychainAccount, keychainSource, type KeychainPort } from './keychain-keys.ts';
import { operatorsDisabledOf, type OperatorsDisabledStore } from './operators-disabled.ts';
import { signInLocksOf, type SignInLocksStore } from './sign-in-locks.ts';
import { syslogDeliveredOf, type SyslogDeliveredStore } from './syslog-delivered.ts';
import { syslogHeadOf, type SyslogHeadStore } from './syslog-head.ts';
import { trailBreakOf, type TrailBreakStore } from './trail-break.ts';

export interface KeyNotesStore {
  /** Where, in words. */
  readonly where: string;
  read(): KeyNotes;
  /** Rewrites the document with `change(current)`; nothing is written when it returns null. */
  update(change: (current: KeyNotes) => KeyNotes | null): void;
}

/** The records a key store keeps, as a KeyProvider carries them (key-provider.ts). */
export interface KeyStoreRecords {
  anchorHead: AnchorHeadStore;
  gatewayHead: GatewayHeadStore;
  policyHead: PolicyHeadStore;
  trailBreak: TrailBreakStore;
  syslogDelivered: SyslogDeliveredStore;
  syslogHead: SyslogHeadStore;
  operatorsDisabled: OperatorsDisabledStore;
  signInLocks: SignInLocksStore;
}

export function keyStoreRecords(notes: KeyNotesStore): KeyStoreRecords {
  return {
    anchorHead: anchorHeadOf(notes),
    gatewayHead: gatewayHeadOf(notes),
    policyHead: policyHeadOf(notes),
    trailBreak: trailBreakOf(notes),
    syslogDelivered: syslogDeliveredOf(notes),
    syslogHead: syslogHeadOf(notes),
    operatorsDisabled: operatorsDisabledOf(notes),
    signInLocks: signInLocksOf(notes),
  };
}

export function keychainNotes(keychain: KeychainPort, databaseId: string): KeyNotesStore {
  const account = keychainAccount(databaseId);
  const where = keychainSource(databaseId);
  const read = () => {
    const text = keychain.read(account);
    if (text === null) throw new KeyError(`The ${where} is gone.`);
    return decodeKeyDocument(text, `The ${where}`);
  };
  return {
    where,
    read: () => read().notes,
    update(change) {
      const current = read();
      const next = change(current.notes);
      // The same keys with new notes, in one keychain write.
      if (next) keychain.write(account, encodeKeySet(current.set, next));
    },
  };
}

export function keyFileNotes(path: string): KeyNotesStore {
  const where = `key file "${path}"`;
  const read = () => decodeKeyDocument(readFileSync(path, 'utf8'), `Key file "${path}"`);
  return {
    where,
    read: () => read().notes,
    update(change) {
      const current = read();
      const next = change(current.notes);
      if (!next) return;
      // Same keys, new notes: written beside it owner-only and renamed over it, so the file
      // is always whole (never a moment without its keys).
      const temporary = `${path}.${process.pid}.tmp`;
      rmSync(temporary, { force: true }); // left by a crash of this pid's predecessor
      const fd = openSync(temporary, 'wx', 0o600);
      try {
        writeSync(fd, encodeKeySet(current.set, next));
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

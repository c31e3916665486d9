/**
 * Checkpoints of the audit chain, anchored outside the database: one JSON line per
 * checkpoint (seq, the entry's MAC, when, the key id, and the line's own HMAC so a forged
 * line is caught). Someone who can rewrite the database cannot silently rewrite or cut
 * history up to the last checkpoint without also holding this file and the audit key.
 */
import { createHmac } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { PurposeKey } from '../keys/key-provider.ts';

/** Where checkpoints go unless told otherwise: beside the database, in a file of their own. */
export const defaultAnchorPath = (dbPath: string): string => `${dbPath}.anchors`;

export interface Checkpoint {
  seq: number;
  /** The chain MAC of entry `seq`, hex. */
  mac: string;
  at: string;
  keyId: string;
  /** HMAC over the fields above with the audit key, hex. */
  anchorMac: string;
}

export interface AuditAnchor {
  append(checkpoint: Checkpoint): void;
  readAll(): Checkpoint[];
}

export function anchorMacOf(key: PurposeKey, cp: Omit<Checkpoint, 'anchorMac'>): string {
  return createHmac('sha256', key.secret)
    .update(
      `verify-desk audit checkpoint v1\u0000${cp.seq}\u0000${cp.mac}\u0000${cp.at}\u0000${cp.keyId}`,
    )
    .digest('hex');
}

/** JSON lines in a file, appended and fsync'd; created owner-only. */
export function fileAnchor(path: string): AuditAnchor {
  return {
    append(checkpoint) {
      const fd = openSync(path, 'a', 0o600);
      try {
        writeSync(fd, `${JSON.stringify(checkpoint)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
    readAll() {
      if (!existsSync(path)) return [];
      return readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line, index) => {
          try {
            return JSON.parse(line) as Checkpoint;
          } catch {
            throw new Error(`Checkpoint file "${path}" line ${index + 1} is not a checkpoint.`);
          }
        });
    },
  };
}

/**
 * Checkpoints of the audit chain, anchored outside the database: one JSON line per
 * checkpoint, and the lines themselves a chain. Each line holds its number n (the count of
 * lines so far), the entry it anchors (seq and that entry's chain MAC), when, the key id,
 * the MAC of the line before (prev) and its own HMAC over all of these. A forged, edited,
 * reordered or removed line breaks the chain; a file cut after some line, or an older copy
 * put back, is caught against the newest line kept in the key store (anchor-head.ts).
 *
 * A "restore" line records that the database was put back to an earlier state (desk-admin
 * restore): entries after its seq, up to lostTo, are gone on purpose, and checkpoints before
 * it past its seq no longer apply. Only such a line lets verification accept a shorter trail.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { hmacKey } from '../crypto/hmac-key.ts';
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  writeSync,
} from 'node:fs';
import type { PurposeKey } from '../keys/key-provider.ts';
import type { AuditVerificationResult } from './verify-audit.ts';

/** Where checkpoints go unless told otherwise: beside the database, in a file of their own. */
export const defaultAnchorPath = (dbPath: string): string => `${dbPath}.anchors`;

/** The prev of line 1. */
export const GENESIS_ANCHOR = '0'.repeat(64);

export interface Checkpoint {
  /** The line's number in the file, from 1: the count of lines so far. */
  n: number;
  /** Absent for a checkpoint; "restore" for a recorded restore from a backup. */
  kind?: 'restore';
  seq: number;
  /** The chain MAC of entry `seq`, hex. */
  mac: string;
  at: string;
  keyId: string;
  /** anchorMac of line n - 1 (GENESIS_ANCHOR for line 1). */
  prev: string;
  /** restore lines: the last entry that existed before the restore (lost: seq+1 … lostTo). */
  lostTo?: number;
  /** HMAC over the fields above with the audit key, hex. */
  anchorMac: string;
}

export interface AuditAnchor {
  append(checkpoint: Checkpoint): void;
  readAll(): Checkpoint[];
  /** The last line, read from the end of the file (not the whole file). */
  last(): Checkpoint | undefined;
}

export function anchorMacOf(key: PurposeKey, cp: Omit<Checkpoint, 'anchorMac'>): string {
  return createHmac('sha256', hmacKey(key.secret))
    .update(
      [
        'verify-desk audit checkpoint v2',
        cp.n,
        cp.kind ?? 'checkpoint',
        cp.seq,
        cp.mac,
        cp.at,
        cp.keyId,
        cp.prev,
        cp.lostTo ?? '',
      ].join('\u0000'),
    )
    .digest('hex');
}

/** The next line after `previous`, MACed with `key`. */
export function nextCheckpoint(
  key: PurposeKey,
  previous: Checkpoint | undefined,
  fields: Pick<Checkpoint, 'seq' | 'mac' | 'at'> & Pick<Checkpoint, 'kind' | 'lostTo'>,
): Checkpoint {
  const line: Omit<Checkpoint, 'anchorMac'> = {
    n: (previous?.n ?? 0) + 1,
    ...(fields.kind && { kind: fields.kind }),
    seq: fields.seq,
    mac: fields.mac,
    at: fields.at,
    keyId: key.id,
    prev: previous?.anchorMac ?? GENESIS_ANCHOR,
    ...(fields.lostTo !== undefined && { lostTo: fields.lostTo }),
  };
  return { ...line, anchorMac: anchorMacOf(key, line) };
}

const TAIL_BYTES = 4096;

/** JSON lines in a file, appended and fsync'd; created owner-only. */
export function fileAnchor(path: string): AuditAnchor {
  const parse = (line: string, where: string) => {
    try {
      return JSON.parse(line) as Checkpoint;
    } catch {
      throw new Error(`Checkpoint file "${path}" ${where} is not a checkpoint.`);
    }
  };
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
        .map((line, index) => parse(line, `line ${index + 1}`));
    },
    last() {
      if (!existsSync(path)) return undefined;
      const fd = openSync(path, 'r');
      try {
        const size = fstatSync(fd).size;
        const length = Math.min(size, TAIL_BYTES);
        const buffer = Buffer.alloc(length);
        readSync(fd, buffer, 0, length, size - length);
        const lines = buffer
          .toString('utf8')
          .split('\n')
          .filter((l) => l.trim() !== '');
        // A tail that is not one whole line (longer than TAIL_BYTES) falls back to the file.
        if (lines.length < 2 && length < size) return this.readAll().at(-1);
        const line = lines.at(-1);
        return line === undefined ? undefined : parse(line, 'last line');
      } finally {
        closeSync(fd);
      }
    },
  };
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/u);

/** A line as the writer writes it; anything else in the file is not a checkpoint. */
const checkpointLine = z.strictObject({
  n: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  kind: z.literal('restore').optional(),
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  mac: hex64,
  at: z.string().max(64),
  keyId: z.string().max(200),
  prev: hex64,
  lostTo: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  anchorMac: hex64,
});

/** A line of the anchor file that is not a checkpoint: its number, and the entry after the
 * last line before it that was (the first entry nothing vouches for). */
export interface UnreadableCheckpoint {
  line: number;
  afterSeq: number;
}

/**
 * The anchor file as the verifier reads it: the checkpoint lines up to the first that is not
 * one (not JSON, or not a checkpoint's shape: a number out of range, a field missing). Such a
 * line is a forged checkpoint (unreadableCheckpointResult), never an error: someone who can
 * write the file must not be able to stop verification with one bad line.
 */
export function readCheckpointFile(path: string): {
  checkpoints: Checkpoint[];
  unreadable: UnreadableCheckpoint | null;
} {
  const checkpoints: Checkpoint[] = [];
  if (!existsSync(path)) return { checkpoints, unreadable: null };
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  for (const [index, line] of lines.entries()) {
    let parsed: ReturnType<typeof checkpointLine.safeParse> | null;
    try {
      parsed = checkpointLine.safeParse(JSON.parse(line));
    } catch {
      parsed = null;
    }
    if (!parsed?.success)
      return {
        checkpoints,
        unreadable: { line: index + 1, afterSeq: (checkpoints.at(-1)?.seq ?? 0) + 1 },
      };
    checkpoints.push(parsed.data as Checkpoint);
  }
  return { checkpoints, unreadable: null };
}

/** What verification answers for an anchor file with a line that is not a checkpoint. */
export function unreadableCheckpointResult(
  unreadable: UnreadableCheckpoint | null,
  lastAnchoredSeq: number,
): AuditVerificationResult | null {
  if (!unreadable) return null;
  return {
    status: 'forged-checkpoint',
    entriesChecked: 0,
    lastAnchoredSeq,
    firstBadSeq: unreadable.afterSeq,
    problems: [`checkpoint line ${unreadable.line} is not a checkpoint`],
  };
}

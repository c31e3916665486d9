/**
 * The drop folder for the live feed: files written elsewhere and renamed into DIR are
 * imported in name order, each then moved to DIR/done/ (with quarantined lines, if any, in
 * its report) or DIR/failed/ (refused, or unreadable) beside its report, and the watcher
 * keeps going. Names starting with "." are left alone (a file still being written). One
 * watcher per database at a time: the "import-watcher" lease (main/core/lease), renewed on
 * every poll and after every batch, taken over only once it has expired.
 *
 * Whatever lands in DIR is imported with the admin's keys and then sealed as genuine, so
 * only DIR's owner may put it there. On POSIX a DIR that its group or others can write is
 * refused before watching and on every look (WatchFolderError), and a file in it that its
 * group or others can write, or that another user than DIR's owner owns (a symbolic link is
 * judged by what it points to), is refused: moved to DIR/failed/ with the reason in its
 * report and audited as `import.refused`, nothing of it written. On Windows the modes say
 * nothing of the ACLs: nothing is checked, and restricting DIR is the admin's duty
 * (docs/DEPLOY.md). With DIR owner-only and each file owner-only, only the owner can change a
 * file between its check and its reading.
 */
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createLease, type Lease } from '../lease/lease.ts';
import { writeReport } from './import-report.ts';
import type { ImportOptions, ImportResult } from './importer.ts';
import { runImport } from './importer.ts';
import { isSensitiveIdentifier } from './sensitive-shapes.ts';
import type { CsvMapping } from './schemas.ts';

export const LEASE_MS = 60_000;

export class LeaseHeldError extends Error {}

/** The drop folder can be written by others than its owner (or is not a folder). */
export class WatchFolderError extends Error {}

/** Group and other write bits. */
const OTHERS_WRITE = 0o022;

const modeOf = (stat: Stats) => (stat.mode & 0o777).toString(8).padStart(4, '0');

/**
 * Refuses a drop folder that anyone but its owner can write (group or other write bits, on
 * POSIX; on Windows nothing is checked). Returns the folder's stat: its owner is the only
 * one whose files are imported.
 */
export function checkDropFolder(dir: string, platform: NodeJS.Platform = process.platform): Stats {
  let stat: Stats;
  try {
    stat = statSync(dir);
  } catch {
    throw new WatchFolderError(`Drop folder "${dir}" cannot be read; name an existing folder.`);
  }
  if (!stat.isDirectory()) throw new WatchFolderError(`Drop folder "${dir}" is not a folder.`);
  if (platform !== 'win32' && (stat.mode & OTHERS_WRITE) !== 0) {
    throw new WatchFolderError(
      `Drop folder "${dir}" can be changed by other users (mode ${modeOf(stat)}): whatever they put in it would be imported under the database's keys, so Verify Desk refuses to watch it. Restrict it to its owner: chmod go-w "${dir}".`,
    );
  }
  return stat;
}

/** Why a file in the drop folder is not imported, from its owner and mode; null when fine. */
type FileRefusal = 'writable-by-others' | 'another-owner';

function fileRefusal(stat: Stats, folder: Stats, platform: NodeJS.Platform): FileRefusal | null {
  if (platform === 'win32') return null;
  if ((stat.mode & OTHERS_WRITE) !== 0) return 'writable-by-others';
  if (stat.uid !== folder.uid) return 'another-owner';
  return null;
}

export interface WatchOptions extends Omit<ImportOptions, 'file' | 'mapping' | 'dryRun'> {
  dir: string;
  /** Who holds the lease (host and process), shown to a second watcher. */
  holder: string;
  /** The mapping for CSV files in the folder; without one a CSV file fails. */
  mapping?: CsvMapping;
  pollMs?: number;
  signal: AbortSignal;
  onFile?: (file: string, outcome: 'done' | 'failed', result: ImportResult | null) => void;
  /** The platform whose permission rules apply (tests); this process's by default. */
  platform?: NodeJS.Platform;
}

/** The files waiting in the folder, in name order. */
function waiting(dir: string): string[] {
  const isFile = (name: string) => {
    try {
      return statSync(join(dir, name)).isFile();
    } catch {
      return false; // gone since the listing: the next look decides
    }
  };
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.') && !name.endsWith('.report.json'))
    .filter(isFile)
    .sort();
}

export async function watchFolder(options: WatchOptions): Promise<void> {
  const { db, dir, holder, clock, signal } = options;
  const pollMs = options.pollMs ?? 2000;
  const platform = options.platform ?? process.platform;
  checkDropFolder(dir, platform);
  for (const sub of ['done', 'failed']) mkdirSync(join(dir, sub), { recursive: true, mode: 0o700 });
  const lease = createLease(db, {
    name: 'import-watcher',
    holder,
    ttlMs: LEASE_MS,
    clock,
    keys: options.keys,
  });
  if (!lease.acquire())
    throw new LeaseHeldError(
      "Another watcher holds this database's import lease; only one runs at a time.",
    );
  try {
    while (!signal.aborted) {
      // Again on every look: a folder opened to others since the start stops the watcher.
      checkDropFolder(dir, platform);
      for (const name of waiting(dir)) {
        if (signal.aborted) break;
        // And before each file: what was put in after the folder was opened is never read.
        await importOne(options, lease, name, checkDropFolder(dir, platform), platform);
        keep(lease);
      }
      await sleep(pollMs, signal);
      if (!signal.aborted) keep(lease);
    }
  } finally {
    lease.release();
  }
}

/** Renews the lease, or stops the watcher when another has taken it over. */
function keep(lease: Lease): void {
  if (!lease.acquire())
    throw new LeaseHeldError('The import lease was taken over by another watcher.');
}

async function importOne(
  options: WatchOptions,
  lease: Lease,
  name: string,
  folder: Stats,
  platform: NodeJS.Platform,
): Promise<void> {
  const { dir } = options;
  const path = join(dir, name);
  const isCsv = name.toLowerCase().endsWith('.csv');
  let result: ImportResult | null = null;
  let outcome: 'done' | 'failed' = 'failed';
  let failure: string | null = null;
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch {
    return; // gone since the listing: the next look decides
  }
  const refusal = fileRefusal(stat, folder, platform);
  if (refusal) {
    failure = refusal;
    await auditRefusal(options, path, refusal, stat, folder);
  } else if (isCsv && !options.mapping) failure = 'csv-without-mapping';
  else {
    try {
      result = await runImport({
        ...options,
        file: path,
        mapping: isCsv ? options.mapping : undefined,
        // A long file keeps the lease: renewed after every batch.
        onProgress: (progress) => {
          keep(lease);
          options.onProgress?.(progress);
        },
      });
      outcome = result.state === 'done' ? 'done' : 'failed';
    } catch (error) {
      if (error instanceof LeaseHeldError) throw error;
      // The message may name what the file held: the report says only that it failed.
      failure = 'unreadable';
    }
  }
  const target = join(dir, outcome, name);
  const moved = existsSync(target) ? `${target}.${Date.now()}` : target;
  if (result) writeReport(`${moved}.report.json`, result);
  else
    writeFileSync(
      `${moved}.report.json`,
      `${JSON.stringify({ file: name, state: refusal ? 'refused' : 'failed', reason: failure }, null, 2)}\n`,
      { mode: 0o600 },
    );
  renameSync(path, moved);
  options.onFile?.(name, outcome, result);
}

/** The refused file in the trail, as the importer's refusals are: its hash, never its content. */
async function auditRefusal(
  options: WatchOptions,
  path: string,
  reason: FileRefusal,
  stat: Stats,
  folder: Stats,
): Promise<void> {
  const { audit, clock } = options;
  const hash = createHash('sha256');
  let sha: string | null = null;
  try {
    await pipeline(createReadStream(path), hash);
    sha = hash.digest('hex');
  } catch {
    // Unreadable to us: refused all the same, named by its file name only.
  }
  const name = isSensitiveIdentifier(basename(path)) ? '(file)' : basename(path);
  audit.transact(() =>
    audit.append({
      at: clock.now(),
      operatorId: null,
      username: null,
      origin: options.origin,
      action: 'import.refused',
      subjectType: 'import-file',
      subjectId: sha ?? name,
      result: 'refused',
      details: {
        file: name,
        sha256: sha,
        reason,
        mode: modeOf(stat),
        owner: stat.uid,
        folderOwner: folder.uid,
      },
    }),
  );
  audit.anchorNow();
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

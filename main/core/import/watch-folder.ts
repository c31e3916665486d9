/**
 * The drop folder for the live feed: files written elsewhere and renamed into DIR are
 * imported in name order, each then moved to DIR/done/ (with quarantined lines, if any, in
 * its report) or DIR/failed/ (refused, or unreadable) beside its report, and the watcher
 * keeps going. Names starting with "." are left alone (a file still being written). One
 * watcher per database at a time: the "import-watcher" lease (main/core/lease), renewed on
 * every poll and after every batch, taken over only once it has expired.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLease, type Lease } from '../lease/lease.ts';
import { writeReport } from './import-report.ts';
import type { ImportOptions, ImportResult } from './importer.ts';
import { runImport } from './importer.ts';
import type { CsvMapping } from './schemas.ts';

export const LEASE_MS = 60_000;

export class LeaseHeldError extends Error {}

export interface WatchOptions extends Omit<ImportOptions, 'file' | 'mapping' | 'dryRun'> {
  dir: string;
  /** Who holds the lease (host and process), shown to a second watcher. */
  holder: string;
  /** The mapping for CSV files in the folder; without one a CSV file fails. */
  mapping?: CsvMapping;
  pollMs?: number;
  signal: AbortSignal;
  onFile?: (file: string, outcome: 'done' | 'failed', result: ImportResult | null) => void;
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
  for (const sub of ['done', 'failed']) mkdirSync(join(dir, sub), { recursive: true, mode: 0o700 });
  const lease = createLease(db, { name: 'import-watcher', holder, ttlMs: LEASE_MS, clock });
  if (!lease.acquire())
    throw new LeaseHeldError(
      "Another watcher holds this database's import lease; only one runs at a time.",
    );
  try {
    while (!signal.aborted) {
      for (const name of waiting(dir)) {
        if (signal.aborted) break;
        await importOne(options, lease, name);
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

async function importOne(options: WatchOptions, lease: Lease, name: string): Promise<void> {
  const { dir } = options;
  const path = join(dir, name);
  const isCsv = name.toLowerCase().endsWith('.csv');
  let result: ImportResult | null = null;
  let outcome: 'done' | 'failed' = 'failed';
  let failure: string | null = null;
  if (isCsv && !options.mapping) failure = 'csv-without-mapping';
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
      `${JSON.stringify({ file: name, state: 'failed', reason: failure }, null, 2)}\n`,
      { mode: 0o600 },
    );
  renameSync(path, moved);
  options.onFile?.(name, outcome, result);
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

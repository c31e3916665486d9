/**
 * The drop-folder watcher as work a desk server hosts (main/server/hosted-services.ts): the
 * live feed's files are imported once, by the server, under the "import-watcher" lease
 * (watch-folder.ts). Started after the server listens; stopped, its current file finished or
 * abandoned at a batch boundary (an import resumes), before the database closes.
 */
import { hostname } from 'node:os';
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import type { CsvMapping } from './schemas.ts';
import { LeaseHeldError, watchFolder, WatchFolderError } from './watch-folder.ts';

export interface ImportFolder {
  dir: string;
  /** The mapping for CSV files in the folder. */
  mapping?: CsvMapping;
  pollMs?: number;
}

export interface ImportFolderDeps {
  db: Db;
  keys: KeyProvider;
  audit: AuditTrail;
  clock: Clock;
  origin: string;
  logInternal: (line: string) => void;
}

/** Shaped as a hosted service: `{ name, start, stop }`. */
export function importFolderService(deps: ImportFolderDeps, folder: ImportFolder) {
  let stopping: AbortController | null = null;
  let running: Promise<void> | null = null;
  return {
    name: 'import-watcher',
    start(): void {
      const controller = new AbortController();
      stopping = controller;
      running = watchFolder({
        db: deps.db,
        keys: deps.keys,
        audit: deps.audit,
        clock: deps.clock,
        origin: deps.origin,
        dir: folder.dir,
        ...(folder.mapping ? { mapping: folder.mapping } : {}),
        ...(folder.pollMs ? { pollMs: folder.pollMs } : {}),
        holder: `${deps.origin}:${hostname()}:${process.pid}`,
        signal: controller.signal,
        onFile: (file, outcome) => deps.logInternal(`import-watcher: ${file} ${outcome}`),
      }).catch((error: unknown) => {
        deps.logInternal(
          error instanceof LeaseHeldError || error instanceof WatchFolderError
            ? `import-watcher: not watching (${error.message})`
            : `import-watcher: stopped (${error instanceof Error ? error.constructor.name : typeof error})`,
        );
      });
    },
    async stop(): Promise<void> {
      stopping?.abort();
      await running;
    },
  };
}

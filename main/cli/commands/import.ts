/**
 * `desk-admin import`: the issuer's cardholders and the ACS's attempts and lockouts into the
 * database (docs/IMPORT.md). One file, or `--watch DIR` for the live feed's drop folder.
 * The terminal shows counts and each quarantined line's number and reason, never a value.
 * Exit codes: 0 imported (quarantined lines are in the report), 1 the file was refused.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { createAuditTrail } from '../../core/audit/audit-trail.ts';
import { defaultAnchorPath } from '../../core/audit/checkpoint-anchor.ts';
import { systemClock } from '../../core/clock.ts';
import { openDatabase } from '../../core/db/connection.ts';
import { summaryLines, writeReport } from '../../core/import/import-report.ts';
import { BATCH_SIZE, runImport } from '../../core/import/importer.ts';
import { LeaseHeldError, watchFolder, WatchFolderError } from '../../core/import/watch-folder.ts';
import { refuseBesideServer } from '../beside-server.ts';
import { CliError, CliExit } from '../cli-error.ts';
import { refuseOpenFolder } from '../drop-folder.ts';
import { loadMapping } from '../load-mapping.ts';
import { createImportProgress, type ProgressStream } from '../import-progress.ts';
import type { CliIo } from '../cli-io.ts';

interface ImportCliOptions {
  db: string;
  keyFile?: string;
  mapping?: string;
  dryRun?: boolean;
  report?: string;
  watch?: string;
  pollMs: string;
  batchSize: string;
}

export function registerImportCommand(program: Command, io: CliIo): void {
  program
    .command('import')
    .description(
      'Import a JSON Lines file (or a CSV file with --mapping) of cardholders, cards, contacts, verification facts, lockouts, attempts and deletes; see docs/IMPORT.md. A file naming a secret field (code, OTP, CVV, PIN, password…) is refused whole; bad lines are quarantined with their reason. Run again after a crash: it resumes.',
    )
    .argument('[file]', 'the file to import')
    .requiredOption('--db <path>', 'the database file')
    .option('--key-file <path>', 'the key file (default: the OS keychain)')
    .option('--mapping <path>', 'the CSV mapping file (its columns and record type)')
    .option('--dry-run', 'validate and report only; nothing is written')
    .option('--report <path>', 'write the quarantine report (JSON) here')
    .option('--watch <dir>', 'import files renamed into DIR, in name order, until stopped')
    .option('--poll-ms <n>', 'how often --watch looks at DIR', '2000')
    .option(
      '--batch-size <n>',
      'records per transaction (a crash loses at most one batch, redone on the next run)',
      String(BATCH_SIZE),
    )
    .action(async (file: string | undefined, options: ImportCliOptions) => {
      if ((file === undefined) === (options.watch === undefined))
        throw new CliError('Name one file to import, or --watch DIR.');
      if (options.watch !== undefined && options.dryRun)
        throw new CliError('--dry-run checks one file; it does not go with --watch.');
      const batchSize = Number(options.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000)
        throw new CliError('--batch-size must be a whole number from 1 to 100000.');
      if (file !== undefined && !existsSync(file)) throw new CliError(`No file at "${file}".`);
      if (options.watch !== undefined && !existsSync(options.watch))
        throw new CliError(`No folder at "${options.watch}".`);
      if (options.watch !== undefined) refuseOpenFolder(options.watch);
      const mapping = loadMapping(options.mapping);
      const db = openDatabase(options.db);
      try {
        if (!options.dryRun)
          refuseBesideServer(
            db,
            'put the file in its import folder (desk-admin serve --import-dir), or stop the server first.',
          );
        const keys = io.loadKeys({ keyFile: options.keyFile, db });
        const audit = createAuditTrail(db, keys, defaultAnchorPath(options.db), {
          clock: systemClock,
        });
        const origin = `desk-admin@${hostname()}`;
        if (options.watch !== undefined) {
          const pollMs = Number(options.pollMs);
          if (!Number.isInteger(pollMs) || pollMs < 50 || pollMs > 600_000)
            throw new CliError('--poll-ms must be a whole number from 50 to 600000.');
          const controller = new AbortController();
          const stop = () => controller.abort();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
          try {
            await watchFolder({
              db,
              keys,
              audit,
              clock: systemClock,
              origin,
              dir: options.watch,
              holder: `${hostname()}:${process.pid}`,
              mapping,
              pollMs,
              batchSize,
              signal: controller.signal,
              onFile: (name, outcome) => void io.stdout.write(`${name}: ${outcome}\n`),
            });
          } catch (error) {
            if (error instanceof LeaseHeldError || error instanceof WatchFolderError)
              throw new CliError(error.message);
            throw error;
          } finally {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
          }
          return;
        }
        const progress = (io.stderr as ProgressStream).isTTY
          ? createImportProgress(io.stderr as ProgressStream)
          : null;
        const result = await runImport({
          db,
          keys,
          audit,
          clock: systemClock,
          origin,
          file: file!,
          mapping,
          dryRun: options.dryRun ?? false,
          batchSize,
          onProgress: progress ? (p) => progress.update(p) : undefined,
        }).finally(() => progress?.stop());
        if (options.report !== undefined) writeReport(options.report, result);
        for (const line of summaryLines(result)) io.stdout.write(`${line}\n`);
        if (result.state === 'refused') throw new CliExit(1);
      } finally {
        db.close();
      }
    });
}

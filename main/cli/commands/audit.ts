/**
 * `desk-admin audit verify`: recompute the audit chain from the first entry against its
 * anchored checkpoints, in a worker thread, and say in one line whether it holds and, if
 * not, the first entry that does not. Exit codes: 0 intact, 1 altered / missing / wrong key
 * / forged checkpoint, 2 consistent but with entries after the last checkpoint.
 */
import type { Command } from 'commander';
import { hostname, userInfo } from 'node:os';
import { AUDIT_EXPORT_FORMATS, type AuditExportFormat } from '../../../shared/audit/audit-codes.ts';
import { AuditFilter } from '../../../shared/contract/audit.ts';
import { filterDetails } from '../../core/audit/audit-desk-service.ts';
import { exportAudit } from '../../core/audit/audit-export.ts';
import { createAuditReader } from '../../core/audit/audit-reader.ts';
import { createAuditTrail } from '../../core/audit/audit-trail.ts';
import { entryRowOf } from '../../core/audit/audit-view.ts';
import { defaultAnchorPath } from '../../core/audit/checkpoint-anchor.ts';
import { systemClock } from '../../core/clock.ts';
import { runAuditVerification } from '../../core/audit/run-verification.ts';
import type { AuditVerificationResult } from '../../core/audit/verify-audit.ts';
import { openDatabase } from '../../core/db/connection.ts';
import type { KeyProvider } from '../../core/keys/key-provider.ts';
import { collectorPosition, trailBehindCollector } from '../../core/syslog/collector-position.ts';
import { CliError, CliExit } from '../cli-error.ts';
import type { CliIo } from '../cli-io.ts';

interface VerifyOptions {
  db: string;
  keyFile?: string;
  anchors?: string;
  expectSeq?: string;
  clearBreak?: boolean;
}

export const AUDIT_EXIT = { intact: 0, broken: 1, unanchoredTail: 2 } as const;

interface FilterOptions {
  from?: string;
  to?: string;
  operator?: string;
  action?: string;
  result?: string;
  card?: string;
}

/** An instant with its zone ("2026-11-20T09:00+09:00", "2026-11-20T00:00:00Z") as UTC ISO. */
function instant(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const ms = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/u.test(value)
    ? Date.parse(value)
    : NaN;
  if (Number.isNaN(ms))
    throw new CliError(
      `${flag} must be a date and time with its zone, e.g. 2026-11-20T09:00+09:00.`,
    );
  return new Date(ms).toISOString();
}

/** The CLI's filter flags as the audit desk's filter, checked by the same schema. */
function filterOf(options: FilterOptions): AuditFilter {
  const parsed = AuditFilter.safeParse({
    from: instant(options.from, '--from'),
    to: instant(options.to, '--to'),
    operator: options.operator,
    action: options.action,
    result: options.result,
    cardId: options.card,
  });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new CliError(`Not a valid filter: ${fields}.`);
  }
  return parsed.data;
}

function withFilterOptions(command: Command): Command {
  return command
    .option('--from <instant>', 'entries at or after this time (with its zone)')
    .option('--to <instant>', 'entries before this time (with its zone)')
    .option('--operator <username>', 'entries by this operator')
    .option('--action <action>', 'entries of this action, e.g. card.open')
    .option('--result <result>', 'success, failure, refused or alert')
    .option('--card <cardId>', 'entries about this card (its public id)');
}

export function registerAuditCommands(program: Command, io: CliIo): void {
  const audit = program.command('audit').description('Check, read and export the audit trail.');
  registerReadCommands(audit, io);
  audit
    .command('verify')
    .description(
      'Recompute the audit chain from the first entry and check the checkpoint chain against the newest checkpoint in the key store, the schema against the migrations and every sealed row against its MAC. Exit 0: intact. 1: an entry altered or missing, a wrong key, a forged or rolled-back checkpoint file, an altered schema or row (what is wrong is named), or a broken trail the trail watch recorded and nobody cleared. 2: consistent, but entries after the last checkpoint cannot be vouched for.',
    )
    .requiredOption('--db <path>', 'the database file')
    .option('--key-file <path>', 'the key file (default: the OS keychain)')
    .option('--anchors <path>', 'the checkpoint file (default: <db>.anchors)')
    .option(
      '--expect-seq <n>',
      'the last entry the central collector received: the log must reach it (catches a cut after the last checkpoint)',
    )
    .option(
      '--clear-break',
      "after the trail was checked (e.g. against the central collector's copy): clear the trail watch's broken-trail mark if this verification holds; recorded in the trail with who cleared it",
    )
    .action(async (options: VerifyOptions) => {
      const expectSeq = options.expectSeq === undefined ? undefined : Number(options.expectSeq);
      if (expectSeq !== undefined && !(Number.isSafeInteger(expectSeq) && expectSeq > 0))
        throw new CliError('--expect-seq must be a whole number from 1.');
      // The schema is checked by the verification itself, which reports what differs
      // beside the chain's state instead of refusing to look.
      const db = openDatabase(options.db, { readonly: true, checkSchema: false });
      let keys: KeyProvider;
      // Without --expect-seq, the forwarder's delivered mark (the cursor row or the key
      // store's note, the higher) stands in for the collector's word when it is ahead of the
      // trail (collector-position.ts): the log must reach it.
      let collectorHolds: number | undefined;
      try {
        keys = io.loadKeys({ keyFile: options.keyFile, db });
        if (trailBehindCollector(db, keys)) collectorHolds = collectorPosition(db, keys).seq;
      } finally {
        db.close();
      }
      const mustReach = expectSeq ?? collectorHolds;
      const showProgress = Boolean((io.stderr as { isTTY?: boolean }).isTTY);
      const result = await runAuditVerification({
        dbPath: options.db,
        anchorPath: options.anchors ?? defaultAnchorPath(options.db),
        keys,
        checkDatabase: true,
        ...(mustReach !== undefined && { expectSeq: mustReach }),
        onProgress: showProgress
          ? (checked, total) => void io.stderr.write(`\rchecked ${checked} of ${total} entries`)
          : undefined,
      });
      if (showProgress) io.stderr.write('\n');
      io.stdout.write(`${describeVerification(result)}\n`);
      for (const problem of result.problems ?? []) io.stdout.write(`  - ${problem}\n`);
      // What the trail watch found (audit/trail-watch.ts): resets stay refused until a
      // restore is recorded and its next full pass holds, or an administrator clears it.
      const broken = keys.trailBreak?.read();
      const code = exitCodeOf(result);
      if (broken && options.clearBreak && code !== AUDIT_EXIT.broken) {
        clearBreak(options.db, options.anchors ?? defaultAnchorPath(options.db), keys, result);
        io.stdout.write(
          `The trail watch's mark (broken at entry ${broken.seq}, found ${broken.foundAt}) is cleared; recorded in the audit trail. Resets resume.\n`,
        );
      } else if (broken) {
        io.stdout.write(
          `The trail watch found the trail broken at entry ${broken.seq} (${broken.foundAt}: ${broken.problem}); resets are refused until a restore is recorded and its next full pass holds, or an administrator who had the trail checked runs "desk-admin audit verify --clear-break".\n`,
        );
        if (options.clearBreak) io.stdout.write('The trail does not hold: the mark stays.\n');
        throw new CliExit(AUDIT_EXIT.broken);
      } else if (options.clearBreak) io.stdout.write('No broken-trail mark to clear.\n');
      if (code !== 0) throw new CliExit(code);
    });
}

function registerReadCommands(audit: Command, io: CliIo): void {
  /** Opens the database and the trail as desk-admin, runs `work`, anchors and closes. */
  const withTrail = <T>(
    options: { db: string; keyFile?: string },
    work: (trail: ReturnType<typeof createAuditTrail>, db: ReturnType<typeof openDatabase>) => T,
  ): T => {
    const db = openDatabase(options.db);
    try {
      const keys = io.loadKeys({ keyFile: options.keyFile, db });
      const trail = createAuditTrail(db, keys, defaultAnchorPath(options.db), {
        clock: systemClock,
      });
      const result = work(trail, db);
      trail.anchorNow();
      return result;
    } finally {
      db.close();
    }
  };
  const actor = () => ({
    at: systemClock.now(),
    operatorId: null,
    username: null,
    origin: `desk-admin@${hostname()}`,
  });

  withFilterOptions(
    audit
      .command('list')
      .description('Print entries newest first, filtered, one a line (tab-separated). Audited.')
      .requiredOption('--db <path>', 'the database file')
      .option('--key-file <path>', 'the key file (default: the OS keychain)')
      .option('--limit <n>', 'at most this many entries', '50'),
  ).action((options: FilterOptions & { db: string; keyFile?: string; limit: string }) => {
    const filter = filterOf(options);
    const limit = Number(options.limit);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 100_000)
      throw new CliError('--limit must be a whole number from 1 to 100000.');
    withTrail(options, (trail, db) => {
      const rows = createAuditReader(db).page(filter, undefined, limit);
      trail.transact(() =>
        trail.append({
          ...actor(),
          action: 'audit.list',
          subjectType: null,
          subjectId: null,
          result: 'success',
          details: { filter: filterDetails(filter), before: null, shown: rows.length },
        }),
      );
      for (const row of rows.map(entryRowOf)) {
        io.stdout.write(
          `${[row.seq, row.at, row.operator ?? '-', row.action, row.result, row.subjectType ? `${row.subjectType}:${row.subjectId ?? ''}` : '-'].join('\t')}\n`,
        );
      }
    });
  });

  withFilterOptions(
    audit
      .command('export')
      .description(
        'Write the filtered trail, newest first, as CSV (UTF-8 with BOM, formulas neutralised) or JSON Lines. Audited with the row count and the SHA-256 of the file.',
      )
      .requiredOption('--db <path>', 'the database file')
      .option('--key-file <path>', 'the key file (default: the OS keychain)')
      .requiredOption('--format <format>', AUDIT_EXPORT_FORMATS.join(' or '))
      .requiredOption('--out <file>', 'the file to write'),
  ).action(
    (options: FilterOptions & { db: string; keyFile?: string; format: string; out: string }) => {
      if (!(AUDIT_EXPORT_FORMATS as readonly string[]).includes(options.format))
        throw new CliError(`--format must be ${AUDIT_EXPORT_FORMATS.join(' or ')}.`);
      const format = options.format as AuditExportFormat;
      const filter = filterOf(options);
      const written = withTrail(options, (trail, db) => {
        const file = exportAudit(createAuditReader(db), filter, format, options.out);
        trail.transact(() =>
          trail.append({
            ...actor(),
            action: 'audit.export',
            subjectType: null,
            subjectId: null,
            result: 'success',
            details: {
              filter: filterDetails(filter),
              format,
              rows: file.rows,
              sha256: file.sha256,
            },
          }),
        );
        return file;
      });
      io.stdout.write(
        `Wrote ${written.rows} entries to ${options.out} (SHA-256 ${written.sha256}).\n`,
      );
    },
  );
}

/**
 * Clears the trail watch's mark, as an administrator who had the trail checked decides: under
 * the database's write lock, with an `audit.verify` entry naming the mark and who cleared it.
 */
function clearBreak(
  dbPath: string,
  anchorPath: string,
  keys: KeyProvider,
  result: AuditVerificationResult,
): void {
  const db = openDatabase(dbPath);
  try {
    const trail = createAuditTrail(db, keys, anchorPath, { clock: systemClock });
    trail.transact(() => {
      const broken = keys.trailBreak?.read();
      if (!broken) return;
      trail.append({
        at: systemClock.now(),
        operatorId: null,
        username: null,
        origin: `desk-admin@${hostname()}`,
        action: 'audit.verify',
        subjectType: null,
        subjectId: null,
        result: 'success',
        details: {
          status: result.status,
          entriesChecked: result.entriesChecked,
          firstBadSeq: null,
          cleared: { seq: broken.seq, foundAt: broken.foundAt, problem: broken.problem },
          clearedBy: userInfo().username,
        },
      });
      // The entry first: if the key store cannot be written, nothing is recorded either.
      keys.trailBreak?.clear();
    });
    trail.anchorNow();
  } finally {
    db.close();
  }
}

export function exitCodeOf(result: AuditVerificationResult): number {
  switch (result.status) {
    case 'intact':
    case 'empty':
      return AUDIT_EXIT.intact;
    case 'unanchored-tail':
      return AUDIT_EXIT.unanchoredTail;
    default:
      return AUDIT_EXIT.broken;
  }
}

export function describeVerification(r: AuditVerificationResult): string {
  switch (r.status) {
    case 'intact':
      return `Audit trail intact: ${r.entriesChecked} ${r.entriesChecked === 1 ? 'entry' : 'entries'}, the last anchored at checkpoint ${r.lastAnchoredSeq}.`;
    case 'empty':
      return 'Audit trail empty: nothing to verify.';
    case 'altered':
      return `Audit trail ALTERED: entry ${r.firstBadSeq} does not match its chain (entries 1–${r.entriesChecked} hold).`;
    case 'missing':
      return `Audit trail INCOMPLETE: entry ${r.firstBadSeq} is missing (entries 1–${r.entriesChecked} hold; the last checkpoint is entry ${r.lastAnchoredSeq}).`;
    case 'wrong-key':
      return `Audit trail cannot be checked with these keys: entry ${r.firstBadSeq} was not made with any audit key they hold.`;
    case 'forged-checkpoint':
      return `Checkpoint file ALTERED: the checkpoint for entry ${r.firstBadSeq} is not signed by the audit key or does not follow the line before it.`;
    case 'rolled-back':
      return `Audit trail ROLLED BACK: the checkpoint file ends before the newest checkpoint the key store records (entry ${r.firstBadSeq}).`;
    case 'altered-schema':
      return `Database schema ALTERED: tables, indexes or triggers differ from what the migrations made (the chain holds through entry ${r.entriesChecked}).`;
    case 'forged-row':
      return `Database rows ALTERED: security-relevant rows do not match their MAC or a recorded fraud hold is gone (the chain holds through entry ${r.entriesChecked}).`;
    case 'unanchored-tail':
      return `Audit chain consistent through entry ${r.entriesChecked}, but entries ${r.lastAnchoredSeq + 1}–${r.entriesChecked} come after the last checkpoint (entry ${r.lastAnchoredSeq}) and cannot be vouched for.`;
  }
}

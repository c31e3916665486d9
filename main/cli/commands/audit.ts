/**
 * `desk-admin audit verify`: recompute the audit chain from the first entry against its
 * anchored checkpoints, in a worker thread, and say in one line whether it holds and, if
 * not, the first entry that does not. Exit codes: 0 intact, 1 altered / missing / wrong key
 * / forged checkpoint, 2 consistent but with entries after the last checkpoint.
 */
import type { Command } from 'commander';
import { defaultAnchorPath } from '../../core/audit/checkpoint-anchor.ts';
import { runAuditVerification } from '../../core/audit/run-verification.ts';
import type { AuditVerificationResult } from '../../core/audit/verify-audit.ts';
import { openDatabase } from '../../core/db/connection.ts';
import type { KeyProvider } from '../../core/keys/key-provider.ts';
import { CliError, CliExit } from '../cli-error.ts';
import type { CliIo } from '../cli-io.ts';

interface VerifyOptions {
  db: string;
  keyFile?: string;
  anchors?: string;
  expectSeq?: string;
}

export const AUDIT_EXIT = { intact: 0, broken: 1, unanchoredTail: 2 } as const;

export function registerAuditCommands(program: Command, io: CliIo): void {
  const audit = program.command('audit').description('Check the audit trail.');
  audit
    .command('verify')
    .description(
      'Recompute the audit chain from the first entry and check the checkpoint chain against the newest checkpoint in the key store, the schema against the migrations and every sealed row against its MAC. Exit 0: intact. 1: an entry altered or missing, a wrong key, a forged or rolled-back checkpoint file, an altered schema or row (what is wrong is named). 2: consistent, but entries after the last checkpoint cannot be vouched for.',
    )
    .requiredOption('--db <path>', 'the database file')
    .option('--key-file <path>', 'the key file (default: the OS keychain)')
    .option('--anchors <path>', 'the checkpoint file (default: <db>.anchors)')
    .option(
      '--expect-seq <n>',
      'the last entry the central collector received: the log must reach it (catches a cut after the last checkpoint)',
    )
    .action(async (options: VerifyOptions) => {
      const expectSeq = options.expectSeq === undefined ? undefined : Number(options.expectSeq);
      if (expectSeq !== undefined && !(Number.isSafeInteger(expectSeq) && expectSeq > 0))
        throw new CliError('--expect-seq must be a whole number from 1.');
      // The schema is checked by the verification itself, which reports what differs
      // beside the chain's state instead of refusing to look.
      const db = openDatabase(options.db, { readonly: true, checkSchema: false });
      let keys: KeyProvider;
      try {
        keys = io.loadKeys({ keyFile: options.keyFile, db });
      } finally {
        db.close();
      }
      const showProgress = Boolean((io.stderr as { isTTY?: boolean }).isTTY);
      const result = await runAuditVerification({
        dbPath: options.db,
        anchorPath: options.anchors ?? defaultAnchorPath(options.db),
        keys,
        checkDatabase: true,
        ...(expectSeq !== undefined && { expectSeq }),
        onProgress: showProgress
          ? (checked, total) => void io.stderr.write(`\rchecked ${checked} of ${total} entries`)
          : undefined,
      });
      if (showProgress) io.stderr.write('\n');
      io.stdout.write(`${describeVerification(result)}\n`);
      for (const problem of result.problems ?? []) io.stdout.write(`  - ${problem}\n`);
      const code = exitCodeOf(result);
      if (code !== 0) throw new CliExit(code);
    });
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

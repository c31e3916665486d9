/** `desk-admin demo`: a deterministic demo database and its key file, for training and tests. */
import type { Command } from 'commander';
import {
  buildDemoDatabase,
  DEMO_CARDHOLDERS,
  DEMO_EPOCH,
  DEMO_SEED,
} from '../../core/demo/build-demo.ts';
import { SingleBar } from 'cli-progress';
import {
  isVerificationCost,
  VERIFICATION_COST,
} from '../../core/verification/verification-hash.ts';
import { CliError } from '../cli-error.ts';
import type { CliIo } from '../cli-io.ts';

interface DemoOptions {
  db: string;
  keyFile: string;
  seed: string;
  cardholders: string;
  now: string;
  benchmark?: boolean;
  verificationCost?: string;
}

const MAX_CARDHOLDERS = 10_000_000;

export function registerDemoCommand(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description(
      'Make a demo database: the same seed and clock give identical tables. Its operators have public passwords (see the README): never put real cardholders in it.',
    )
    .requiredOption('--db <path>', 'the database file to create (must not exist)')
    .requiredOption('--key-file <path>', 'the key file to create (keys derived from the seed)')
    .option('--seed <text>', 'the seed', DEMO_SEED)
    .option(
      '--cardholders <n>',
      'how many cardholders (at least the scenario ones)',
      String(DEMO_CARDHOLDERS),
    )
    .option(
      '--now <iso>',
      "the demo's clock: lockouts and histories are placed relative to it",
      DEMO_EPOCH,
    )
    .option(
      '--benchmark',
      "mark the database as a benchmark when it is made (the console labels it): for npm run bench at an issuer's size",
    )
    .option(
      '--verification-cost <cost>',
      'the DOB + postcode hash cost, e.g. scrypt:ln=4,r=1,p=1 (only with --benchmark; stored with each row)',
    )
    .action(async (options: DemoOptions) => {
      const cardholders = Number(options.cardholders);
      if (!Number.isInteger(cardholders) || cardholders < 12 || cardholders > MAX_CARDHOLDERS) {
        throw new CliError(`--cardholders must be a whole number from 12 to ${MAX_CARDHOLDERS}.`);
      }
      if (options.verificationCost !== undefined && !options.benchmark)
        throw new CliError(
          '--verification-cost is accepted only with --benchmark: a database for people keeps the standard cost.',
        );
      if (options.verificationCost !== undefined && !isVerificationCost(options.verificationCost))
        throw new CliError(
          `--verification-cost "${options.verificationCost}" is not scrypt:ln=<n>,r=<n>,p=<n>.`,
        );
      const now = new Date(options.now);
      if (Number.isNaN(now.getTime()))
        throw new CliError(`--now "${options.now}" is not an ISO date and time.`);
      // A progress bar on a terminal, for a demo large enough to take a while.
      const tty = Boolean((io.stderr as { isTTY?: boolean }).isTTY);
      const bar =
        tty && cardholders > 10_000
          ? new SingleBar({
              stream: io.stderr as NodeJS.WritableStream,
              format:
                'demo [{bar}] {percentage}% | {value}/{total} cardholders | ETA {eta_formatted}',
              barsize: 30,
              hideCursor: false,
              fps: 5,
            })
          : null;
      bar?.start(cardholders, 0);
      const summary = await buildDemoDatabase({
        dbPath: options.db,
        keyFile: options.keyFile,
        seed: options.seed,
        cardholders,
        now,
        ...(options.benchmark && {
          benchmark: { verificationCost: options.verificationCost ?? VERIFICATION_COST },
        }),
        onProgress: (written) => bar?.update(written),
      }).finally(() => bar?.stop());
      io.stdout.write(
        `Demo database "${options.db}": ${summary.cardholders} cardholders, ${summary.cards} cards, ${summary.lockouts} lockouts, ${summary.contacts} contact points, ${summary.attempts} 3-D Secure attempts, ${summary.operators} demo operators.\n`,
      );
    });
}

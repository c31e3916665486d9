/** `desk-admin demo`: a deterministic demo database and its key file, for training and tests. */
import type { Command } from 'commander';
import {
  buildDemoDatabase,
  DEMO_CARDHOLDERS,
  DEMO_EPOCH,
  DEMO_SEED,
} from '../../core/demo/build-demo.ts';
import { CliError } from '../cli-error.ts';
import type { CliIo } from '../cli-io.ts';

interface DemoOptions {
  db: string;
  keyFile: string;
  seed: string;
  cardholders: string;
  now: string;
}

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
    .action(async (options: DemoOptions) => {
      const cardholders = Number(options.cardholders);
      if (!Number.isInteger(cardholders) || cardholders < 12 || cardholders > 100_000) {
        throw new CliError('--cardholders must be a whole number from 12 to 100000.');
      }
      const now = new Date(options.now);
      if (Number.isNaN(now.getTime()))
        throw new CliError(`--now "${options.now}" is not an ISO date and time.`);
      const summary = await buildDemoDatabase({
        dbPath: options.db,
        keyFile: options.keyFile,
        seed: options.seed,
        cardholders,
        now,
      });
      io.stdout.write(
        `Demo database "${options.db}": ${summary.cardholders} cardholders, ${summary.cards} cards, ${summary.lockouts} lockouts, ${summary.contacts} contact points, ${summary.attempts} 3-D Secure attempts, ${summary.operators} demo operators.\n`,
      );
    });
}

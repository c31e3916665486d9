/**
 * `desk-admin policy get|set`: the values that bound what the console allows (sign-in lock,
 * idle lock, verification and search limits…). Every value is checked against its bounds;
 * every change is audited with the value before and after.
 */
import type { Command } from 'commander';
import { hostname } from 'node:os';
import { createAuditTrail } from '../../core/audit/audit-trail.ts';
import { defaultAnchorPath } from '../../core/audit/checkpoint-anchor.ts';
import { systemClock } from '../../core/clock.ts';
import { openDatabase } from '../../core/db/connection.ts';
import { POLICY_KEYS, type PolicyKey } from '../../core/policy/policy.ts';
import { createPolicyStore, PolicyError } from '../../core/policy/policy-store.ts';
import { refuseBesideServer } from '../beside-server.ts';
import { CliError } from '../cli-error.ts';
import type { CliIo } from '../cli-io.ts';

interface DbOptions {
  db: string;
  keyFile?: string;
}

function policyKey(key: string): PolicyKey {
  if (!(POLICY_KEYS as readonly string[]).includes(key))
    throw new CliError(`Unknown policy value "${key}": use one of ${POLICY_KEYS.join(', ')}.`);
  return key as PolicyKey;
}

export function registerPolicyCommands(program: Command, io: CliIo): void {
  const policy = program.command('policy').description('Read and set policy values.');

  policy
    .command('get')
    .description('Print every policy value, or one.')
    .requiredOption('--db <path>', 'the database file')
    .option('--key <name>', 'one value only')
    .action((options: DbOptions & { key?: string }) => {
      const db = openDatabase(options.db);
      try {
        const values = createPolicyStore(db).read();
        const keys = options.key ? [policyKey(options.key)] : POLICY_KEYS;
        for (const key of keys) io.stdout.write(`${key}\t${values[key]}\n`);
      } finally {
        db.close();
      }
    });

  policy
    .command('set')
    .description('Set one policy value; refused when outside its bounds. Audited.')
    .requiredOption('--db <path>', 'the database file')
    .option('--key-file <path>', 'the key file (default: the OS keychain)')
    .requiredOption('--key <name>', `one of ${POLICY_KEYS.join(', ')}`)
    .requiredOption('--value <number>', 'a whole number')
    .action(async (options: DbOptions & { key: string; value: string }) => {
      const key = policyKey(options.key);
      if (!/^\d{1,6}$/u.test(options.value))
        throw new CliError('The value must be a whole number.');
      const db = openDatabase(options.db);
      try {
        refuseBesideServer(db);
        const keys = io.loadKeys({ keyFile: options.keyFile, db });
        const audit = createAuditTrail(db, keys, defaultAnchorPath(options.db), {
          clock: systemClock,
        });
        const store = createPolicyStore(db, audit, {
          ...(keys.policyHead && { head: keys.policyHead }),
        });
        const { before, after } = await store
          .set({
            operatorId: null,
            username: null,
            origin: `desk-admin@${hostname()}`,
            at: systemClock.now(),
            key,
            value: Number(options.value),
          })
          .catch((error: unknown) => {
            if (error instanceof PolicyError) throw new CliError(error.message);
            throw error;
          });
        audit.anchorNow();
        io.stdout.write(`${key}: ${before} → ${after}\n`);
      } finally {
        db.close();
      }
    });
}

/**
 * `desk-admin operator add|list|disable`: operators are people (PCI DSS 8.2.1/8.2.2: one
 * account each, no shared accounts). Passwords come from a prompt or stdin, never argv, and
 * must meet PCI DSS 8.3.6. Every change is audited.
 */
import type { Command } from 'commander';
import { hostname } from 'node:os';
import { ROLES, type Role } from '../../../shared/contract/index.ts';
import { createAuditTrail } from '../../core/audit/audit-trail.ts';
import { defaultAnchorPath } from '../../core/audit/checkpoint-anchor.ts';
import { systemClock } from '../../core/clock.ts';
import { openDatabase, type Db } from '../../core/db/connection.ts';
import { createOperatorStore, type OperatorStore } from '../../core/operators/operator-store.ts';
import type { KeyProvider } from '../../core/keys/key-provider.ts';
import { hashPassword, passwordProblem } from '../../core/operators/password.ts';
import { refuseBesideServer } from '../beside-server.ts';
import { CliError } from '../cli-error.ts';
import type { CliIo } from '../cli-io.ts';

interface DbOptions {
  db: string;
  keyFile?: string;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,31}$/u;

/**
 * `besideServer`: what to do when a desk server is serving the database. Adding an operator
 * waits until it is stopped; disabling one does not, since shutting an insider out must not
 * need the whole floor stopped (the router reads every operator's standing at every call);
 * listing only reads.
 */
async function withOperators<T>(
  options: DbOptions,
  io: CliIo,
  besideServer: 'refuse' | 'allow',
  run: (store: OperatorStore, keys: KeyProvider) => Promise<T>,
): Promise<T> {
  const db: Db = openDatabase(options.db);
  try {
    if (besideServer === 'refuse') refuseBesideServer(db);
    const keys = io.loadKeys({ keyFile: options.keyFile, db });
    const audit = createAuditTrail(db, keys, defaultAnchorPath(options.db), { clock: systemClock });
    const result = await run(createOperatorStore(db, audit, keys), keys);
    audit.anchorNow();
    return result;
  } finally {
    db.close();
  }
}

const actor = () => ({
  operatorId: null,
  username: null,
  origin: `desk-admin@${hostname()}`,
  at: systemClock.now(),
});

export function registerOperatorCommands(program: Command, io: CliIo): void {
  const operator = program
    .command('operator')
    .description('Manage the people who sign in to the console.');

  operator
    .command('add')
    .description(
      'Add an operator. The password is read from a hidden prompt, or from stdin when piped.',
    )
    .requiredOption('--db <path>', 'the database file')
    .option('--key-file <path>', 'the key file (default: the OS keychain)')
    .requiredOption('--username <name>', 'sign-in name: 3–32 of a-z 0-9 . _ -')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .requiredOption('--name <display name>', 'the name shown in the console and the audit trail')
    .action(async (options: DbOptions & { username: string; role: string; name: string }) => {
      if (!USERNAME.test(options.username))
        throw new CliError('A username is 3–32 of a-z, 0-9, ".", "_" or "-".');
      if (!(ROLES as readonly string[]).includes(options.role)) {
        throw new CliError(`Unknown role "${options.role}": use one of ${ROLES.join(', ')}.`);
      }
      const password = await io.readPassword(`Password for ${options.username}: `);
      const problem = passwordProblem(password);
      if (problem) throw new CliError(problem);
      await withOperators(options, io, 'refuse', async (store, keys) => {
        if (await store.findForSignIn(options.username)) {
          throw new CliError(`An operator "${options.username}" already exists.`);
        }
        await store.create({
          ...actor(),
          newUsername: options.username,
          displayName: options.name,
          role: options.role as Role,
          passwordHash: await hashPassword(password, keys),
        });
      });
      io.stdout.write(`Added ${options.role} "${options.username}".\n`);
    });

  operator
    .command('list')
    .description('List operators with their role and state.')
    .requiredOption('--db <path>', 'the database file')
    .option('--key-file <path>', 'the key file (default: the OS keychain)')
    .action(async (options: DbOptions) => {
      const operators = await withOperators(options, io, 'allow', (store) => store.list());
      const now = systemClock.now();
      for (const op of operators) {
        const state = op.disabled
          ? 'disabled'
          : op.lockedUntil && op.lockedUntil > now
            ? `locked until ${op.lockedUntil.toISOString()}`
            : 'active';
        io.stdout.write(`${op.username}\t${op.role}\t${state}\t${op.displayName}\n`);
      }
    });

  operator
    .command('disable')
    .description('Disable an operator: they can no longer sign in. Their audit history stays.')
    .requiredOption('--db <path>', 'the database file')
    .option('--key-file <path>', 'the key file (default: the OS keychain)')
    .requiredOption('--username <name>', 'the operator to disable')
    .action(async (options: DbOptions & { username: string }) => {
      const changed = await withOperators(options, io, 'allow', (store) =>
        store.disable({ ...actor(), targetUsername: options.username }),
      );
      if (!changed) throw new CliError(`No active operator "${options.username}".`);
      io.stdout.write(`Disabled "${options.username}".\n`);
    });
}

/**
 * desk-admin: the administrator's command line (init, audit, …). `main(argv, io)` runs one
 * command in-process and returns its exit code, so tests drive it without a subprocess;
 * run as a script, it uses the real process. Expected failures are one line on stderr,
 * never a stack trace.
 */
import { Command, CommanderError } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { DatabaseOpenError } from '../core/db/errors.ts';
import { KeyError } from '../core/keys/key-provider.ts';
import { DeskServerRunningError } from '../core/lease/desk-server-lease.ts';
import { CliError, CliExit, EXIT } from './cli-error.ts';
import { processCliIo, type CliIo } from './cli-io.ts';
import { registerAcsCommands } from './commands/acs.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerBackupCommands } from './commands/backup.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerInitCommand } from './commands/init.ts';
import { registerOperatorCommands } from './commands/operator.ts';
import { registerPolicyCommands } from './commands/policy.ts';
import { registerSyslogCommands } from './commands/syslog.ts';
import { registerServeCommand } from './commands/serve.ts';

export function buildProgram(io: CliIo): Command {
  const program = new Command('desk-admin')
    .description(
      'Administer a Verify Desk database: create it, manage operators and policy, make a demo, verify the audit trail.',
    )
    .version(packageJson.version, '-V, --version', 'print the desk-admin version')
    .helpOption('-h, --help', 'show help for a command')
    // Set before any command is added: subcommands inherit both.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      outputError: (text, write) => write(`desk-admin: ${text.replace(/^error: /u, '')}`),
    });
  registerInitCommand(program, io);
  registerAuditCommands(program, io);
  registerOperatorCommands(program, io);
  registerDemoCommand(program, io);
  registerPolicyCommands(program, io);
  registerBackupCommands(program, io);
  registerImportCommand(program, io);
  registerSyslogCommands(program, io);
  registerServeCommand(program, io);
  registerAcsCommands(program, io);
  return program;
}

/** Runs one desk-admin command line (without "node desk-admin.ts") and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    return report(error, io);
  }
}

function report(error: unknown, io: CliIo): number {
  if (error instanceof CliExit) return error.exitCode;
  if (error instanceof CommanderError) {
    // Commander has already printed its message or the help.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (
    error instanceof KeyError ||
    error instanceof DatabaseOpenError ||
    error instanceof DeskServerRunningError ||
    error instanceof CliError
  ) {
    io.stderr.write(`desk-admin: ${oneLine(error.message)}\n`);
    return EXIT.failure;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(
    `desk-admin: unexpected error: ${oneLine(message)} (set DESK_ADMIN_DEBUG=1 to print the stack)\n`,
  );
  if (io.env.DESK_ADMIN_DEBUG && error instanceof Error && error.stack)
    io.stderr.write(`${error.stack}\n`);
  return EXIT.internal;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/gu, ' ').trim();
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2), processCliIo());
}

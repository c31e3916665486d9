/**
 * `desk-admin serve --db PATH --listen HOST:PORT --tls-cert PEM --tls-key PEM [--client-ca PEM]`:
 * runs the desk server (main/server) on the database until SIGTERM or SIGINT, then closes it
 * cleanly (the newest audit entry anchored). Keys come from --key-file (a protected file
 * readable by the service account only) or the service account's OS keychain. One line on
 * stdout says where it listens; internal errors go to stderr as one line each, without data.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { systemClock } from '../../core/clock.ts';
import { parseListen, serveDatabase } from '../../server/serve.ts';
import { CliError } from '../cli-error.ts';
import { refuseOpenFolder } from '../drop-folder.ts';
import { loadMapping } from '../load-mapping.ts';
import type { CliIo } from '../cli-io.ts';

interface ServeCliOptions {
  db: string;
  listen: string;
  tlsCert: string;
  tlsKey: string;
  clientCa?: string;
  keyFile?: string;
  importDir?: string;
  importMapping?: string;
}

function readPem(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new CliError(`Cannot read the ${what} "${path}".`);
  }
}

export function registerServeCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description(
      'Run the desk server: every console connects to it over HTTPS (TLS 1.3). Stops on SIGTERM or SIGINT.',
    )
    .requiredOption('--db <path>', 'the database file')
    .requiredOption('--listen <host:port>', 'where to listen, e.g. 0.0.0.0:8443')
    .requiredOption('--tls-cert <path>', "the server's certificate chain (PEM)")
    .requiredOption('--tls-key <path>', "the server's private key (PEM)")
    .option('--client-ca <path>', "the CA of the console machines' certificates (mutual TLS)")
    .option('--key-file <path>', 'the key file (default: the OS keychain)')
    .option(
      '--import-dir <dir>',
      "the live feed's drop folder: files renamed into it are imported, in name order (docs/IMPORT.md)",
    )
    .option('--import-mapping <path>', 'the CSV mapping for CSV files in --import-dir')
    .action(async (options: ServeCliOptions) => {
      let listen;
      try {
        listen = parseListen(options.listen);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const tls = {
        cert: readPem(options.tlsCert, 'TLS certificate'),
        key: readPem(options.tlsKey, 'TLS key'),
        ...(options.clientCa ? { clientCa: readPem(options.clientCa, 'client CA') } : {}),
      };
      if (options.importDir !== undefined && !existsSync(options.importDir))
        throw new CliError(`No folder at "${options.importDir}".`);
      if (options.importDir !== undefined) refuseOpenFolder(options.importDir);
      if (options.importMapping !== undefined && options.importDir === undefined)
        throw new CliError('--import-mapping goes with --import-dir.');
      const mapping = loadMapping(options.importMapping);
      const importDir = options.importDir;
      let claimLost = () => {};
      const running = await serveDatabase({
        dbPath: options.db,
        ...(options.keyFile ? { keyFile: options.keyFile } : {}),
        ...listen,
        tls,
        clock: systemClock,
        forwardSyslog: true,
        services: (core) =>
          importDir === undefined
            ? []
            : [core.importFolderService({ dir: importDir, ...(mapping ? { mapping } : {}) })],
        relayResets: true,
        logInternal: (line) => void io.stderr.write(`desk-server: ${line}\n`),
        onClaimLost: () => claimLost(),
      });
      io.stdout.write(
        `desk-server: serving ${options.db} at ${running.server.url}${options.clientCa ? ' (client certificates required)' : ''}\n`,
      );
      const why = await new Promise<'signal' | 'claim-lost'>((resolve) => {
        const stop = () => resolve('signal');
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
        claimLost = () => resolve('claim-lost');
      });
      await running.stop();
      if (why === 'claim-lost')
        throw new CliError(
          'Another desk server took this database over while this one was not renewing its claim; this one stopped.',
        );
      io.stdout.write('desk-server: stopped\n');
    });
}

/**
 * `desk-admin acs set|status|test|training|fake`: the ACS gateway a database uses
 * (docs/ACS-GATEWAY.md). `set` stores the network ACS's URL, the CA its certificate chains to
 * and the console's client certificate, with the client key (and a bearer token) sealed under
 * the key store — audited, secrets never printed — in a row sealed with a MAC; `set` and
 * `training` replace a row that fails its seal. `test` asks the configured ACS once and says
 * what it found in one line, exit 0 when it answered and 1 when it did not (or when the row
 * fails its seal: then nothing is sent). `fake` runs the
 * fake ACS on loopback for tests, development and training.
 */
import type { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AcsError } from '../../core/acs/acs-errors.ts';
import {
  AcsSettingsAlteredError,
  AcsSettingsError,
  createAcsSettingsStore,
  type AcsSettingsInput,
} from '../../core/acs/acs-settings.ts';
import { startFakeAcs } from '../../core/acs/fake/fake-acs.ts';
import { createNetworkAcsGateway } from '../../core/acs/network-acs-gateway.ts';
import { createAuditTrail } from '../../core/audit/audit-trail.ts';
import { defaultAnchorPath } from '../../core/audit/checkpoint-anchor.ts';
import { systemClock } from '../../core/clock.ts';
import { openDatabase } from '../../core/db/connection.ts';
import { CliError, CliExit, EXIT } from '../cli-error.ts';
import type { CliIo } from '../cli-io.ts';

interface SetOptions {
  db: string;
  keyFile?: string;
  url: string;
  ca?: string;
  clientCert?: string;
  clientKey?: string;
  tokenFile?: string;
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`Cannot read the ${what} "${path}".`);
  }
}

const adminActor = () => ({
  at: systemClock.now(),
  origin: `desk-admin@${hostname()}`,
  operatorId: null,
  username: null,
});

const ALTERED_LINE =
  'ACS gateway settings fail their seal (changed outside Verify Desk, an older row put back, or set before they were sealed): consoles send nothing to the ACS they name. Set them again with "desk-admin acs set" (and "desk-admin acs training" for a training database).';

const REPLACED_LINE =
  'The ACS gateway settings before did not match their seal and were replaced; nothing of them was kept (mark a training database again with "desk-admin acs training").\n';

/** One line: what failed, in words an administrator can act on. */
function failureLine(error: unknown): string {
  if (error instanceof AcsError) {
    const code = 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
    return `${error.kind}${code}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

export function registerAcsCommands(program: Command, io: CliIo): void {
  const acs = program
    .command('acs')
    .description("The issuer's ACS: the network gateway a database resets locks through.");

  acs
    .command('set')
    .description('Set the network ACS every console on the database uses. Audited.')
    .requiredOption('--db <path>', 'the database file')
    .option('--key-file <path>', 'the key file (default: the OS keychain)')
    .requiredOption('--url <url>', "the ACS gateway's https base URL")
    .option('--ca <file>', "the PEM CA the gateway's certificate chains to (default: the system's)")
    .option('--client-cert <file>', "the console's PEM client certificate (mutual TLS)")
    .option('--client-key <file>', 'its PEM private key (kept sealed under the key store)')
    .option(
      '--token-file <file>',
      'a file holding a bearer token (kept sealed under the key store)',
    )
    .action((options: SetOptions) => {
      const input: AcsSettingsInput = {
        url: options.url,
        ...(options.ca ? { caPem: readText(options.ca, 'CA file') } : {}),
        ...(options.clientCert
          ? { clientCertPem: readText(options.clientCert, 'client certificate') }
          : {}),
        ...(options.clientKey ? { clientKeyPem: readText(options.clientKey, 'client key') } : {}),
        ...(options.tokenFile ? { token: readText(options.tokenFile, 'token file').trim() } : {}),
      };
      const db = openDatabase(options.db);
      try {
        const keys = io.loadKeys({ keyFile: options.keyFile, db });
        const audit = createAuditTrail(db, keys, defaultAnchorPath(options.db), {
          clock: systemClock,
        });
        let replaced: boolean;
        try {
          ({ replaced } = createAcsSettingsStore(db, keys).set(audit, adminActor(), input));
        } catch (error) {
          if (error instanceof AcsSettingsError) throw new CliError(error.message);
          throw error;
        }
        audit.anchorNow();
        const how = [
          input.clientCertPem ? 'mutual TLS' : null,
          input.token ? 'a bearer token' : null,
        ].filter(Boolean);
        if (replaced) io.stdout.write(REPLACED_LINE);
        io.stdout.write(`Resets go to the ACS at ${input.url} (${how.join(' and ')}).\n`);
      } finally {
        db.close();
      }
    });

  acs
    .command('status')
    .description('Which gateway the database uses (no secret is printed).')
    .requiredOption('--db <path>', 'the database file')
    .option('--key-file <path>', 'the key file (default: the OS keychain)')
    .action((options: { db: string; keyFile?: string }) => {
      const db = openDatabase(options.db, { readonly: true });
      try {
        const keys = io.loadKeys({ keyFile: options.keyFile, db });
        const store = createAcsSettingsStore(db, keys);
        const summary = store.summary();
        const problem = store.problem();
        io.stdout.write(
          problem !== null
            ? `${ALTERED_LINE}\nWhy: ${problem}.\n`
            : summary.url
              ? `Network ACS at ${summary.url}${summary.clientCertSha256 ? ', mutual TLS' : ''}${summary.token ? ', bearer token' : ''}.\n`
              : store.holdsImportedAcsData() && !summary.training
                ? 'No network ACS set, and the database holds imported ACS data: consoles refuse to start until one is set (or it is marked training).\n'
                : `Embedded ACS (the local database)${summary.training ? ', training database' : ''}.\n`,
        );
      } finally {
        db.close();
      }
    });

  acs
    .command('test')
    .description('Ask the configured ACS once; one line and exit 0 when it answered, 1 when not.')
    .requiredOption('--db <path>', 'the database file')
    .option('--key-file <path>', 'the key file (default: the OS keychain)')
    .option('--timeout <ms>', 'how long to wait for the answer', '5000')
    .action(async (options: { db: string; keyFile?: string; timeout: string }) => {
      if (!/^\d{1,6}$/u.test(options.timeout)) throw new CliError('--timeout is milliseconds.');
      const db = openDatabase(options.db, { readonly: true });
      let config;
      try {
        const keys = io.loadKeys({ keyFile: options.keyFile, db });
        try {
          config = createAcsSettingsStore(db, keys).networkConfig();
        } catch (error) {
          if (error instanceof AcsSettingsAlteredError) {
            // Nothing is sent to a URL nobody holding the keys wrote, not even a status call.
            io.stdout.write(`${ALTERED_LINE}\n`);
            throw new CliExit(EXIT.failure);
          }
          if (error instanceof AcsSettingsError) throw new CliError(error.message);
          throw error;
        }
      } finally {
        db.close();
      }
      if (!config) {
        throw new CliError('No network ACS is set: set one with "desk-admin acs set".');
      }
      const gateway = createNetworkAcsGateway({
        ...config,
        cardRef: () => null,
        attempts: 1,
        connectTimeoutMs: Number(options.timeout),
        requestTimeoutMs: Number(options.timeout),
      });
      const started = performance.now();
      try {
        const status = await gateway.status();
        const took = Math.round(performance.now() - started);
        const skew = (new Date(status.acsTime).getTime() - Date.now()) / 1000;
        const clock =
          Math.abs(skew) < 1
            ? 'clocks agree'
            : `its clock ${Math.abs(skew).toFixed(1)} s ${skew > 0 ? 'ahead' : 'behind'}`;
        io.stdout.write(
          `ACS at ${config.url} answered in ${took} ms: ${status.contract}, ${clock}.\n`,
        );
      } catch (error) {
        io.stdout.write(`ACS at ${config.url} not answering: ${failureLine(error)}\n`);
        throw new CliExit(EXIT.failure);
      } finally {
        gateway.close();
      }
    });

  acs
    .command('training')
    .description(
      'Mark (or with --off unmark) a training database, which may use the embedded ACS even with imported ACS data. Audited.',
    )
    .requiredOption('--db <path>', 'the database file')
    .option('--key-file <path>', 'the key file (default: the OS keychain)')
    .option('--off', 'unmark it')
    .action((options: { db: string; keyFile?: string; off?: boolean }) => {
      const db = openDatabase(options.db);
      try {
        const keys = io.loadKeys({ keyFile: options.keyFile, db });
        const audit = createAuditTrail(db, keys, defaultAnchorPath(options.db), {
          clock: systemClock,
        });
        const { replaced } = createAcsSettingsStore(db, keys).markTraining(
          audit,
          adminActor(),
          !options.off,
        );
        audit.anchorNow();
        if (replaced) {
          io.stdout.write(
            'The ACS gateway settings did not match their seal and were dropped: set the network ACS again with "desk-admin acs set" if the database uses one.\n',
          );
        }
        io.stdout.write(
          options.off ? 'No longer a training database.\n' : 'Marked as a training database.\n',
        );
      } finally {
        db.close();
      }
    });

  acs
    .command('fake')
    .description(
      'Run a fake ACS on loopback (tests, development, training): TLS, its own database, faults on request.',
    )
    .requiredOption('--port <n>', 'the loopback port (0: any free one, printed)')
    .requiredOption('--db <path>', "the fake ACS's own database file (created when missing)")
    .requiredOption(
      '--tls-dir <dir>',
      'where its CA, server and client certificates are (made there the first time)',
    )
    .option('--no-client-cert', 'accept connections without a client certificate')
    .action(async (options: { port: string; db: string; tlsDir: string; clientCert: boolean }) => {
      if (!/^\d{1,5}$/u.test(options.port)) throw new CliError('--port must be a whole number.');
      const tls = await fakeTls(options.tlsDir);
      const fake = await startFakeAcs({
        dbPath: options.db,
        port: Number(options.port),
        tls: {
          cert: tls.server.cert,
          key: tls.server.key,
          ...(options.clientCert ? { clientCa: tls.ca } : {}),
        },
      });
      io.stdout.write(
        `Fake ACS on ${fake.url} (loopback only). CA ${join(options.tlsDir, 'ca.pem')}, client certificate ${join(options.tlsDir, 'client.pem')} and key ${join(options.tlsDir, 'client-key.pem')}.\n`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await fake.close();
    });
}

/** The fake's certificates: read from the folder, or made there (development CA) once. */
async function fakeTls(dir: string) {
  const files = {
    ca: join(dir, 'ca.pem'),
    cert: join(dir, 'server.pem'),
    key: join(dir, 'server-key.pem'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client-key.pem'),
  };
  if (!existsSync(files.ca)) {
    // Development certificates only: the generator is a development dependency.
    const { createDevCa } = await import('../../../scripts/lib/dev-certs.ts');
    const ca = await createDevCa('Verify Desk fake ACS CA');
    const server = await ca.issue({ commonName: 'localhost', usage: 'server' });
    const client = await ca.issue({ commonName: 'verify-desk-console', usage: 'client' });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(files.cert, server.cert);
    writeFileSync(files.key, server.key, { mode: 0o600 });
    writeFileSync(files.clientCert, client.cert);
    writeFileSync(files.clientKey, client.key, { mode: 0o600 });
    writeFileSync(files.ca, ca.cert);
  }
  return {
    ca: readText(files.ca, 'CA file'),
    server: {
      cert: readText(files.cert, 'server certificate'),
      key: readText(files.key, 'server key'),
    },
  };
}

/**
 * `desk-admin syslog set|status`: where the audit trail is forwarded (PCI DSS 10.3.3: a copy
 * on a central log server). The collector speaks RFC 5425 (syslog over TLS); its certificate
 * must chain to the CA given here, and its name or address must match --host. Setting it is
 * audited with the target before and after (the CA by its SHA-256), and the key store records
 * it once that commits (keys/syslog-head.ts): a console forwards only to the target both name,
 * so one written into the file without the keys receives nothing. Every console on the
 * database forwards from then on, one at a time under a lease.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { createAuditTrail } from '../../core/audit/audit-trail.ts';
import { defaultAnchorPath } from '../../core/audit/checkpoint-anchor.ts';
import { systemClock } from '../../core/clock.ts';
import { openDatabase } from '../../core/db/connection.ts';
import type { KeyProvider } from '../../core/keys/key-provider.ts';
import { createSyslogSetting } from '../../core/syslog/syslog-setting.ts';
import { createSyslogStore, SyslogConfigError } from '../../core/syslog/syslog-store.ts';
import { refuseBesideServer } from '../beside-server.ts';
import { CliError } from '../cli-error.ts';
import type { CliIo } from '../cli-io.ts';

interface SetOptions {
  db: string;
  keyFile?: string;
  host: string;
  port: string;
  ca: string;
}

export function registerSyslogCommands(program: Command, io: CliIo): void {
  const syslog = program
    .command('syslog')
    .description('Forward the audit trail to the central log server (RFC 5424 over TLS).');

  syslog
    .command('set')
    .description('Set the collector every console forwards the audit trail to. Audited.')
    .requiredOption('--db <path>', 'the database file')
    .option('--key-file <path>', 'the key file (default: the OS keychain)')
    .requiredOption('--host <name>', "the collector's host name or IP address")
    .requiredOption('--port <n>', "the collector's TLS port (6514 is syslog over TLS)")
    .requiredOption('--ca <file>', "the PEM CA certificate the collector's certificate chains to")
    .action((options: SetOptions) => {
      if (!/^\d{1,5}$/u.test(options.port)) throw new CliError('--port must be a whole number.');
      let caPem: string;
      try {
        caPem = readFileSync(options.ca, 'utf8');
      } catch {
        throw new CliError(`Cannot read the CA file "${options.ca}".`);
      }
      const db = openDatabase(options.db);
      try {
        refuseBesideServer(db);
        const keys = io.loadKeys({ keyFile: options.keyFile, db });
        const audit = createAuditTrail(db, keys, defaultAnchorPath(options.db), {
          clock: systemClock,
        });
        try {
          createSyslogStore(db).setTarget(
            audit,
            {
              at: systemClock.now(),
              origin: `desk-admin@${hostname()}`,
              operatorId: null,
              username: null,
            },
            { host: options.host, port: Number(options.port), caPem },
            keys,
          );
        } catch (error) {
          if (error instanceof SyslogConfigError) throw new CliError(error.message);
          throw error;
        }
        audit.anchorNow();
        io.stdout.write(`Audit trail forwarded to ${options.host}:${options.port} (TLS).\n`);
      } finally {
        db.close();
      }
    });

  syslog
    .command('status')
    .description('Where the trail is forwarded, and how far the collector has it.')
    .requiredOption('--db <path>', 'the database file')
    .option(
      '--key-file <path>',
      'the key file (default: the OS keychain); with the keys, also whether the setting is one a console sends to',
    )
    .action((options: { db: string; keyFile?: string }) => {
      const db = openDatabase(options.db, { readonly: true });
      try {
        const store = createSyslogStore(db);
        const target = store.target();
        const head = store.newestSeq();
        // Without the keys the row is shown as it stands; with them, as a console judges it.
        let keys: KeyProvider | null = null;
        try {
          keys = io.loadKeys({ keyFile: options.keyFile, db });
        } catch {
          keys = null;
        }
        const setting = keys ? createSyslogSetting(db, keys).current() : null;
        if (setting?.kind === 'altered' || setting?.kind === 'pending') {
          io.stdout.write(
            `Not forwarding: the syslog_config row is not used (${setting.problem}); set the collector again with "desk-admin syslog set".\n`,
          );
          return;
        }
        io.stdout.write(
          target
            ? `Forwarding to ${target.host}:${target.port}: delivered through entry ${store.deliveredThrough()} of ${head}.\n`
            : `Not forwarding: set a collector with "desk-admin syslog set" (entries waiting: ${head}).\n`,
        );
      } finally {
        db.close();
      }
    });
}

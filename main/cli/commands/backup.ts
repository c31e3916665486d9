/**
 * `desk-admin backup --db PATH --to PATH` and `desk-admin restore --db PATH --from PATH`.
 *
 * A backup is SQLite's online backup of a live database (consistent while consoles write),
 * owner-only, with an audit entry saying where it went. A restore is not a rollback: the
 * entries the backup lacks are lost on purpose, so restore writes a "restore" line into the
 * anchor chain (the entry the backup ends at and the last one that existed) and an audited
 * "database.restore" entry; only then does `audit verify` accept the shorter trail. Stop
 * every console on the database before restoring.
 */
import type { Command } from 'commander';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { createAuditTrail } from '../../core/audit/audit-trail.ts';
import {
  defaultAnchorPath,
  fileAnchor,
  nextCheckpoint,
} from '../../core/audit/checkpoint-anchor.ts';
import { systemClock } from '../../core/clock.ts';
import { openDatabase, type Db } from '../../core/db/connection.ts';
import { readDatabaseInfo } from '../../core/db/database-info.ts';
import { refuseBesideServer } from '../beside-server.ts';
import { CliError } from '../cli-error.ts';
import type { CliIo } from '../cli-io.ts';

interface BackupOptions {
  db: string;
  to: string;
  keyFile?: string;
}

interface RestoreOptions {
  db: string;
  from: string;
  keyFile?: string;
}

const origin = () => `desk-admin@${hostname()}`;

const lastEntry = (db: Db) =>
  db
    .prepare<[], { seq: number; mac: Buffer }>(
      'SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1',
    )
    .get();

export function registerBackupCommands(program: Command, io: CliIo): void {
  program
    .command('backup')
    .description('Copy a live database to a new owner-only file (SQLite online backup). Audited.')
    .requiredOption('--db <path>', 'the database file')
    .requiredOption('--to <path>', 'the backup file to create (must not exist)')
    .option('--key-file <path>', 'the key file (default: the OS keychain)')
    .action(async (options: BackupOptions) => {
      if (existsSync(options.to)) throw new CliError(`"${options.to}" already exists.`);
      const db = openDatabase(options.db);
      try {
        const keys = io.loadKeys({ keyFile: options.keyFile, db });
        const audit = createAuditTrail(db, keys, defaultAnchorPath(options.db), {
          clock: systemClock,
        });
        audit.transact(() =>
          audit.append({
            at: systemClock.now(),
            operatorId: null,
            username: null,
            origin: origin(),
            action: 'database.backup',
            subjectType: 'database',
            subjectId: readDatabaseInfo(db, 'database_id'),
            result: 'success',
            details: {},
          }),
        );
        audit.anchorNow();
        // Created owner-only before a byte is copied: chmod after the copy would leave the
        // whole database readable by every local user while it is written.
        closeSync(openSync(options.to, 'wx', 0o600));
        await db.backup(options.to);
        if (process.platform !== 'win32') chmodSync(options.to, 0o600);
        io.stdout.write(
          `Backed up "${options.db}" to "${options.to}" (through entry ${lastEntry(db)?.seq ?? 0}).\n`,
        );
      } finally {
        db.close();
      }
    });

  program
    .command('restore')
    .description(
      'Put a database back to a backup, recording the lost entries in the anchor chain and the audit trail. Stop every console first.',
    )
    .requiredOption('--db <path>', 'the database file to replace')
    .requiredOption('--from <path>', 'the backup file (made by desk-admin backup)')
    .option('--key-file <path>', 'the key file (default: the OS keychain)')
    .action((options: RestoreOptions) => {
      const anchorPath = defaultAnchorPath(options.db);
      const backup = openDatabase(options.from, { readonly: true });
      let restoredTo: { seq: number; mac: Buffer } | undefined;
      let keys;
      try {
        keys = io.loadKeys({ keyFile: options.keyFile, db: backup });
        restoredTo = lastEntry(backup);
      } finally {
        backup.close();
      }
      if (!restoredTo) throw new CliError(`"${options.from}" holds no audit entries.`);
      const anchor = fileAnchor(anchorPath);
      const lines = anchor.readAll();
      // The backup must be this database's history: its entry at an anchored seq must match.
      const check = lines.filter((line) => line.seq <= restoredTo.seq && !line.kind).at(-1);
      if (check) {
        const probe = openDatabase(options.from, { readonly: true });
        try {
          const row = probe
            .prepare<[number], { mac: Buffer }>('SELECT mac FROM audit_log WHERE seq = ?')
            .get(check.seq);
          if (!row || row.mac.toString('hex') !== check.mac)
            throw new CliError(
              `"${options.from}" is not a backup of this database's history: its entry ${check.seq} differs from the anchored one.`,
            );
        } finally {
          probe.close();
        }
      }
      let lostTo = Math.max(0, ...lines.map((line) => line.seq));
      if (existsSync(options.db)) {
        const current = openDatabase(options.db, { readonly: true, checkSchema: false });
        try {
          refuseBesideServer(
            current,
            'stop the server first: a restore replaces the file it has open.',
          );
          lostTo = Math.max(lostTo, lastEntry(current)?.seq ?? 0);
        } finally {
          current.close();
        }
      }

      // Replace the file (and any WAL of the old one) with the backup.
      const temporary = `${options.db}.restore-${process.pid}`;
      copyFileSync(options.from, temporary);
      if (process.platform !== 'win32') chmodSync(temporary, 0o600);
      for (const suffix of ['-wal', '-shm']) rmSync(`${options.db}${suffix}`, { force: true });
      renameSync(temporary, options.db);

      const key = keys.current('audit');
      const line = nextCheckpoint(key, lines.at(-1), {
        kind: 'restore',
        seq: restoredTo.seq,
        mac: restoredTo.mac.toString('hex'),
        at: systemClock.now().toISOString(),
        lostTo,
      });
      anchor.append(line);
      keys.anchorHead?.write({ n: line.n, seq: line.seq, anchorMac: line.anchorMac });
      // The trail watch's note moves back to the entry restored to (a shorter trail is now
      // recorded, not a cut), and a broken-trail mark is released: the next full pass that
      // holds clears it (keys/trail-break.ts).
      const released = keys.trailBreak?.read() ?? null;
      keys.trailBreak?.restored(
        { seq: restoredTo.seq, mac: restoredTo.mac.toString('hex') },
        line.at,
      );
      // So does the note of how far the central log server holds the trail: the copy's trail
      // ends at the entry restored to (syslog/collector-position.ts).
      keys.syslogDelivered?.restored({ seq: restoredTo.seq, mac: restoredTo.mac.toString('hex') });

      const db = openDatabase(options.db);
      try {
        const audit = createAuditTrail(db, keys, anchorPath, { clock: systemClock });
        audit.transact(() =>
          audit.append({
            at: systemClock.now(),
            operatorId: null,
            username: null,
            origin: origin(),
            action: 'database.restore',
            subjectType: 'database',
            subjectId: readDatabaseInfo(db, 'database_id'),
            result: 'success',
            details: {
              restoredTo: restoredTo.seq,
              lostFrom: restoredTo.seq + 1,
              lostTo,
              ...(released && { releasedBreak: { seq: released.seq, foundAt: released.foundAt } }),
            },
          }),
        );
        audit.anchorNow();
      } finally {
        db.close();
      }
      io.stdout.write(
        lostTo > restoredTo.seq
          ? `Restored "${options.db}" from "${options.from}": entries ${restoredTo.seq + 1}–${lostTo} are lost, recorded in the anchor chain and the audit trail.\n`
          : `Restored "${options.db}" from "${options.from}"; no entries were lost.\n`,
      );
    });
}

/**
 * Which central log server the trail may be sent to. The syslog_config row (migration 009)
 * has no MAC: someone who writes the database file without the keys could point it at their
 * own collector and CA, and every console would forward them the whole audit trail while the
 * real collector hears nothing more. So the row is used only when it is the target the trail's
 * newest `syslog.set` entry names (`details.after`: host, port, the CA's SHA-256) and that
 * entry's chain MAC verifies — and, since that entry can be hidden so that an older one vouches
 * for an older target put back, only when it is the target the key store records
 * (keys/syslog-head.ts), written after each `desk-admin syslog set` commits.
 *
 * A row nothing vouches for — changed, planted, put back, or deleted while the trail says a
 * target was set — is "altered": nothing is sent anywhere, the forwarder alerts the lead, and
 * `audit verify` names it, until an administrator runs `desk-admin syslog set` again.
 *
 * A key store without the note (the target was set before it kept one, or `syslog set` stopped
 * between its commit and the note) falls back to the trail's word, and the forwarder records
 * that target in the key store then: an upgrade breaks nothing, and from then on an older
 * target put back is caught. Keys held only in memory (tests) have no key store: the trail
 * alone speaks.
 */
import { createHash } from 'node:crypto';
import { storedEntryCheck } from '../audit/stored-entry-check.ts';
import type { StoredAuditEntry } from '../audit/canonical.ts';
import type { Db } from '../db/connection.ts';
import { endReadScope, inCallersTransaction, inOneRead } from '../db/read-scope.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import type { SyslogHead } from '../keys/syslog-head.ts';
import type { SyslogTarget } from './syslog-store.ts';

/** What names a target in its `syslog.set` entry (`details.after`) and in the key store. */
// A type, not an interface: it is written into audit details (plain JSON).
export type SyslogTargetIdentity = {
  host: string;
  port: number;
  caSha256: string;
};

export const syslogTargetIdentity = (target: SyslogTarget): SyslogTargetIdentity => ({
  host: target.host,
  port: target.port,
  caSha256: createHash('sha256').update(target.caPem).digest('hex'),
});

/** What the key store records of a target: SHA-256 of its identity. */
export function syslogTargetDigest(target: SyslogTarget): string {
  const { host, port, caSha256 } = syslogTargetIdentity(target);
  return createHash('sha256').update(JSON.stringify({ host, port, caSha256 })).digest('hex');
}

export interface SyslogConfigRow {
  host: string;
  port: number;
  ca_pem: string;
}

export const targetOf = (row: SyslogConfigRow): SyslogTarget => ({
  host: row.host,
  port: row.port,
  caPem: row.ca_pem,
});

/** The trail's newest `syslog.set`, whatever its result (one flipped to hide it is found). */
export const LAST_SYSLOG_ENTRY_SQL = `SELECT * FROM audit_log
  WHERE seq = (SELECT max(seq) FROM audit_log WHERE action = 'syslog.set')`;

export type SyslogEntry = StoredAuditEntry & { mac: Buffer | null };

/**
 * Why the row is not the target the trail's newest syslog.set names, or null when it is (or
 * no entry ever set one and no row is there).
 */
export function syslogTrailProblem(
  row: SyslogConfigRow | undefined,
  entry: Pick<StoredAuditEntry, 'seq' | 'details'> | undefined,
): string | null {
  if (!entry) {
    return row
      ? 'the syslog_config row names a collector, but no syslog.set audit entry ever set one'
      : null;
  }
  const where = `its last setting (audit entry ${entry.seq}, syslog.set)`;
  if (!row) return `the syslog_config row is gone, but ${where} set it`;
  const { after } = JSON.parse(entry.details) as { after?: Partial<SyslogTargetIdentity> };
  const now = syslogTargetIdentity(targetOf(row));
  const differs = (Object.keys(now) as (keyof SyslogTargetIdentity)[]).filter(
    (field) => after?.[field] !== now[field],
  );
  return differs.length === 0
    ? null
    : `the syslog_config row is not the one ${where} named (${differs.join(', ')} differ)`;
}

/**
 * Why the row is not the target the key store's head names, or null when it is. No head: the
 * trail's word stands (syslogTrailProblem).
 */
export function syslogHeadProblem(
  row: SyslogConfigRow | undefined,
  head: SyslogHead | null,
): string | null {
  if (!head) return null;
  const where = `the setting the key store records (audit entry ${head.seq})`;
  if (!row) return `the syslog_config row is gone, but ${where} set it`;
  return syslogTargetDigest(targetOf(row)) === head.targetSha256
    ? null
    : `the syslog_config row is not the one ${where} named (an older or another collector put in the file?)`;
}

/**
 * Where the trail may be sent: nowhere set, a target vouched for, or a row that is not. Between
 * `syslog set`'s commit and its note in the key store (a moment; or for good, when it stopped
 * there) the trail holds a newer setting than the key store records: `pending`, sent nothing
 * like `altered`, which a reader may give that moment to pass before it alerts.
 */
export type SyslogSetting =
  | { kind: 'none' }
  | { kind: 'set'; target: SyslogTarget }
  | { kind: 'pending' | 'altered'; problem: string };

export type SyslogSettingKeys = Pick<KeyProvider, 'byId' | 'syslogHead'>;

type Checked =
  | { kind: 'pending' | 'altered'; problem: string }
  | {
      kind: 'vouched';
      row: SyslogConfigRow | undefined;
      entry: SyslogEntry | undefined;
      head: boolean;
    };

export function createSyslogSetting(db: Db, keys: SyslogSettingKeys) {
  const config = db.prepare<[], SyslogConfigRow>(
    'SELECT host, port, ca_pem FROM syslog_config WHERE id = 1',
  );
  const lastEntry = db.prepare<[], SyslogEntry>(LAST_SYSLOG_ENTRY_SQL);
  const holds = storedEntryCheck(db, keys);

  /** The trail's newest syslog.set when its MAC verifies; 'forged' when it does not. */
  const lastWord = (): SyslogEntry | undefined | 'forged' => {
    const entry = lastEntry.get();
    if (!entry) return undefined;
    return holds(entry) ? entry : 'forged';
  };

  /** Whether the row is the one vouched for, with the entry that vouches when it is. */
  const check = (): Checked => {
    // The key store first, then the row and the trail in one read: the note is written after
    // the setting commits, so the database read after it is never older than what it records.
    let head: SyslogHead | null = null;
    if (keys.syslogHead) {
      try {
        head = keys.syslogHead.read();
      } catch (error) {
        return {
          kind: 'altered',
          problem: `the ${keys.syslogHead.where} could not be read to learn which collector was set (${(error as Error).message})`,
        };
      }
    }
    const { row, word } = inOneRead(db, () => ({ row: config.get(), word: lastWord() }));
    if (word === 'forged')
      return {
        kind: 'altered',
        problem: 'the last syslog.set audit entry does not verify (changed in the file)',
      };
    const trail = syslogTrailProblem(row, word);
    if (trail !== null) return { kind: 'altered', problem: trail };
    const problem = syslogHeadProblem(row, head);
    if (problem === null) return { kind: 'vouched', row, entry: word, head: head !== null };
    // A setting newer than the key store's note holds in the trail: only a holder of the keys
    // wrote it, and its note is on its way (or was never written: then it stays refused).
    const newer = word !== undefined && head !== null && word.seq > head.seq;
    return { kind: newer ? 'pending' : 'altered', problem };
  };

  /**
   * Records in the key store the target entry `seq` wrote, under the database's write lock,
   * when the row and the trail's newest syslog.set are still those (another process that set
   * a target since records its own). The caller may hold the write lock already.
   */
  const record = (seq: number): void => {
    const store = keys.syslogHead;
    if (!store) return;
    const write = () => {
      const row = config.get();
      const word = lastWord();
      if (!row || word === undefined || word === 'forged' || word.seq !== seq) return;
      if (syslogTrailProblem(row, word) !== null) return;
      store.write({ seq, targetSha256: syslogTargetDigest(targetOf(row)) });
    };
    if (inCallersTransaction(db)) write();
    else {
      endReadScope(db);
      db.transaction(write).immediate();
    }
  };

  return {
    /** Where the trail may be sent now. */
    current(): SyslogSetting {
      const checked = check();
      if (checked.kind !== 'vouched') return checked;
      const { row, entry, head } = checked;
      if (!row) return { kind: 'none' };
      // Set before the key store kept a note of it: the trail vouched; the note is taken now,
      // so an older target put back later is caught. A store that cannot be written now is
      // tried again at the next read.
      if (!head && entry && keys.syslogHead && !db.readonly) {
        try {
          record(entry.seq);
        } catch {
          // Read again at the next step.
        }
      }
      return { kind: 'set', target: targetOf(row) };
    },
    /** After a setting committed (AuditTrail.afterCommit): the key store records it. */
    recordHead: record,
  };
}

export type SyslogSettingReader = ReturnType<typeof createSyslogSetting>;

/**
 * Everything a spec checks or sets up in the database, so that no spec holds SQL: read-only
 * questions on the test's own database, states the console cannot reach by itself (as the
 * issuer's ACS would write them), and an intruder with file access to the database.
 * The SQL of the kit lives here and nowhere else.
 */
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCliIo } from '../../main/cli/cli-io.ts';
import { main as deskAdmin } from '../../main/cli/desk-admin.ts';
import type { TestDesk } from '../harness/test-desk.ts';
import { withWritableDb } from '../harness/writable-db.ts';

export interface AuditEntry {
  seq: number;
  action: string;
  result: string;
  username: string | null;
  details: string;
}

/** Runs statements in one transaction on a writable connection, then closes it. */
function write(desk: TestDesk, statements: readonly [sql: string, ...params: unknown[]][]): void {
  withWritableDb(desk.dbPath, desk.keyFile, (db) =>
    db.transaction(() => {
      for (const [sql, ...params] of statements) db.prepare(sql).run(...params);
    })(),
  );
}

const iso = (ms: number) => new Date(ms).toISOString();
const MINUTE = 60_000;

/** A file the console saved (an audit export), as written. */
export interface SavedFile {
  name: string;
  bytes: Buffer;
}

/** Read-only questions on the test's database. */
export function deskReads(desk: TestDesk) {
  const db = () => desk.inspect();
  return {
    /** Files the console saved so far (audit exports), by name. */
    savedFiles(): SavedFile[] {
      let names: string[];
      try {
        names = readdirSync(desk.exportDir).sort();
      } catch {
        return [];
      }
      return names.map((name) => ({ name, bytes: readFileSync(join(desk.exportDir, name)) }));
    },
    /** Audit entries written so far, oldest first. */
    audit(): AuditEntry[] {
      return db()
        .prepare('SELECT seq, action, result, username, details FROM audit_log ORDER BY seq')
        .all() as AuditEntry[];
    },
    /** The card's newest lock: when it was cleared (null while it holds). */
    latestLock(cardId: string): { clearedAt: string | null } {
      const row = db()
        .prepare(
          `SELECT l.cleared_at FROM lockouts l JOIN cards c ON c.id = l.card_id
           WHERE c.public_id = ? ORDER BY l.since DESC LIMIT 1`,
        )
        .get(cardId) as { cleared_at: string | null };
      return { clearedAt: row.cleared_at };
    },
    /**
     * What this card's own data would say if a script leaked it: the end of its newest lock
     * still in force, and every masked contact and masked destination it has.
     */
    cardFacts(cardId: string): { lockUntil: string | null; masked: string[] } {
      const lock = db()
        .prepare(
          `SELECT l.until FROM lockouts l JOIN cards c ON c.id = l.card_id
           WHERE c.public_id = ? AND l.cleared_at IS NULL ORDER BY l.since DESC LIMIT 1`,
        )
        .get(cardId) as { until: string | null } | undefined;
      const contacts = db()
        .prepare(
          `SELECT p.masked, p.pending_masked FROM contact_points p
           JOIN cards c ON c.cardholder_id = p.cardholder_id WHERE c.public_id = ?`,
        )
        .all(cardId) as { masked: string; pending_masked: string | null }[];
      const destinations = db()
        .prepare(
          `SELECT DISTINCT a.destination_masked AS masked FROM auth_attempts a
           JOIN cards c ON c.id = a.card_id
           WHERE c.public_id = ? AND a.destination_masked IS NOT NULL`,
        )
        .all(cardId) as { masked: string }[];
      const masked = [
        ...contacts.flatMap((c) => [c.masked, c.pending_masked ?? '']),
        ...destinations.map((d) => d.masked),
      ].filter((m) => m !== '');
      return { lockUntil: lock?.until ?? null, masked: [...new Set(masked)] };
    },
    /** The card's reset outbox rows: their state and idempotency key. */
    outbox(cardId: string): { state: string; key: string }[] {
      return db()
        .prepare(
          `SELECT x.state, x.idempotency_key AS key FROM reset_outbox x
           JOIN resets r ON r.id = x.reset_id JOIN cards c ON c.id = r.card_id
           WHERE c.public_id = ? ORDER BY x.id`,
        )
        .all(cardId) as { state: string; key: string }[];
    },
    /**
     * Every call's outcome (or why it has none), note, end reason and fraud team case
     * reference, oldest first.
     */
    calls(): {
      outcome: string | null;
      note: string | null;
      endReason: string | null;
      noOutcomeReason: string | null;
      fraudCaseRef: string | null;
    }[] {
      return (
        db()
          .prepare(
            'SELECT outcome, note, end_reason, no_outcome_reason, fraud_case_ref FROM calls ORDER BY id',
          )
          .all() as {
          outcome: string | null;
          note: string | null;
          end_reason: string | null;
          no_outcome_reason: string | null;
          fraud_case_ref: string | null;
        }[]
      ).map((c) => ({
        outcome: c.outcome,
        note: c.note,
        endReason: c.end_reason,
        noOutcomeReason: c.no_outcome_reason,
        fraudCaseRef: c.fraud_case_ref,
      }));
    },
    /** The card's calls, oldest first, with how each ended and how many answers it took. */
    cardCalls(cardId: string): { callId: string; endReason: string | null; answers: number }[] {
      return (
        db()
          .prepare(
            `SELECT c.public_id, c.end_reason, count(a.id) AS answers FROM calls c
             LEFT JOIN verification_attempts a ON a.call_id = c.id
             JOIN cards k ON k.id = c.card_id WHERE k.public_id = ? GROUP BY c.id ORDER BY c.id`,
          )
          .all(cardId) as { public_id: string; end_reason: string | null; answers: number }[]
      ).map((c) => ({ callId: c.public_id, endReason: c.end_reason, answers: c.answers }));
    },
    /** Each verification answer's result, oldest first. */
    verificationResults(): string[] {
      return (
        db().prepare('SELECT result FROM verification_attempts ORDER BY id').all() as {
          result: string;
        }[]
      ).map((r) => r.result);
    },
    /** Each "check what the caller says" answer, oldest first. */
    contactChecks(): { kind: string; result: string }[] {
      return db().prepare('SELECT kind, result FROM contact_checks ORDER BY id').all() as {
        kind: string;
        result: string;
      }[];
    },
    /** How many 3-D Secure attempts the card has since this instant. */
    attemptsSince(cardId: string, since: Date): number {
      const row = db()
        .prepare(
          `SELECT count(*) AS n FROM auth_attempts a JOIN cards c ON c.id = a.card_id
           WHERE c.public_id = ? AND a.at >= ?`,
        )
        .get(cardId, since.toISOString()) as { n: number };
      return row.n;
    },
    /** How many of the card's 3-D Secure attempts failed (neither authenticated nor frictionless). */
    failedAttempts(cardId: string): number {
      const row = db()
        .prepare(
          `SELECT count(*) AS n FROM auth_attempts a JOIN cards c ON c.id = a.card_id
           WHERE c.public_id = ? AND a.outcome NOT IN ('authenticated', 'frictionless')`,
        )
        .get(cardId) as { n: number };
      return row.n;
    },
    /** The masked destination of the newest 3-D Secure attempt in the database. */
    newestAttemptDestination(): string | null {
      const row = db()
        .prepare('SELECT destination_masked FROM auth_attempts ORDER BY at DESC LIMIT 1')
        .get() as { destination_masked: string | null } | undefined;
      return row?.destination_masked ?? null;
    },
    /** Rows in one of the console's tables (a count, for "nothing was written"). */
    count(table: CountedTable): number {
      const row = db().prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };
      return row.n;
    },
  };
}

/** The tables a spec may count. */
export type CountedTable =
  | 'audit_log'
  | 'calls'
  | 'resets'
  | 'reset_outbox'
  | 'approval_requests'
  | 'verification_attempts'
  | 'contact_checks'
  | 'lockouts';

/** States the console cannot reach by itself, written as the issuer's ACS would. */
export function deskSeeds(desk: TestDesk) {
  const now = () => desk.clock.now().getTime();
  return {
    /**
     * A new operator, added as an admin adds one (`desk-admin operator add`, audited), with
     * whatever display name the admin typed — a security spec's `=HYPERLINK("x")` too.
     */
    async operator(op: {
      username: string;
      displayName: string;
      role: 'agent' | 'lead' | 'auditor' | 'admin';
      password: string;
    }): Promise<void> {
      const errors: string[] = [];
      const io = createCliIo({
        stdout: { write: () => true },
        stderr: { write: (text: string) => errors.push(text) > 0 },
        env: {},
        readPassword: () => Promise.resolve(op.password),
      });
      const code = await deskAdmin(
        ['operator', 'add', '--db', desk.dbPath, '--key-file', desk.keyFile].concat([
          '--username',
          op.username,
          '--role',
          op.role,
          '--name',
          op.displayName,
        ]),
        io,
      );
      if (code !== 0) throw new Error(`operator add failed: ${errors.join('')}`);
    },
    /** A new lock on the card after wrong codes: since `agoMinutes`, for `forMinutes`. */
    lock(cardId: string, { agoMinutes = 5, forMinutes = 25 } = {}): void {
      write(desk, [
        [
          `INSERT INTO lockouts (card_id, cause, since, until)
           SELECT id, 'wrong_codes', ?, ? FROM cards WHERE public_id = ?`,
          iso(now() - agoMinutes * MINUTE),
          iso(now() + forMinutes * MINUTE),
          cardId,
        ],
      ]);
    },
    /** A fraud hold on the card since `agoMinutes` (no end: only the fraud team lifts it). */
    fraudHold(cardId: string, { agoMinutes = 10 } = {}): void {
      write(desk, [
        [
          `INSERT INTO lockouts (card_id, cause, since, until)
           SELECT id, 'fraud_hold', ?, NULL FROM cards WHERE public_id = ?`,
          iso(now() - agoMinutes * MINUTE),
          cardId,
        ],
      ]);
    },
    /**
     * An earlier reset of the card `hoursAgo` hours ago, by the demo agent, applied by the
     * ACS: its lock, its call and the reset with its outbox row.
     */
    earlierReset(cardId: string, { hoursAgo = 3 } = {}): void {
      const at = now() - hoursAgo * 60 * MINUTE;
      const since = iso(at - 10 * MINUTE);
      const key = `seeded-${cardId}-${at}`;
      const card = `(SELECT id FROM cards WHERE public_id = '${cardId.replace(/'/gu, "''")}')`;
      const agent = `(SELECT id FROM operators WHERE username = 'demo.agent')`;
      write(desk, [
        [
          `INSERT INTO lockouts (card_id, cause, since, until, cleared_at)
           VALUES (${card}, 'wrong_codes', ?, ?, ?)`,
          since,
          iso(at + 20 * MINUTE),
          iso(at),
        ],
        [
          `INSERT INTO calls (public_id, card_id, operator_id, started_at, ended_at, end_reason)
           VALUES (?, ${card}, ${agent}, ?, ?, 'next-card')`,
          key,
          iso(at - 5 * MINUTE),
          iso(at + MINUTE),
        ],
        [
          `INSERT INTO resets (public_id, card_id, call_id, lock_since, requested_by, requested_at,
             reason, note, state, applied_at)
           VALUES (?, ${card}, (SELECT id FROM calls WHERE public_id = ?), ?, ${agent}, ?,
             'cardholder-mistyped-code', 'Seeded by the test kit.', 'applied', ?)`,
          key,
          key,
          since,
          iso(at),
          iso(at),
        ],
        [
          `INSERT INTO reset_outbox (reset_id, idempotency_key, state, attempts, created_at, updated_at)
           VALUES ((SELECT id FROM resets WHERE public_id = ?), ?, 'applied', 1, ?, ?)`,
          key,
          key,
          iso(at),
          iso(at),
        ],
      ]);
    },
    /**
     * The console stopped between recording a reset and the ACS applying it: the lock is on
     * again and its reset is still "requested" (as a relay would find it after a crash).
     */
    unconfirmedReset(cardId: string): void {
      write(desk, [
        [
          `UPDATE lockouts SET cleared_at = NULL
           WHERE card_id = (SELECT id FROM cards WHERE public_id = ?) AND cleared_at IS NOT NULL`,
          cardId,
        ],
        [
          `UPDATE resets SET state = 'requested', applied_at = NULL
           WHERE card_id = (SELECT id FROM cards WHERE public_id = ?)`,
          cardId,
        ],
        [
          `UPDATE reset_outbox SET state = 'pending'
           WHERE reset_id IN (SELECT r.id FROM resets r JOIN cards c ON c.id = r.card_id
                              WHERE c.public_id = ?)`,
          cardId,
        ],
      ]);
    },
  };
}

/**
 * Someone with file access to the database, outside the console (security specs): the
 * append-only triggers do not stop them — they drop the triggers, edit, and put them back,
 * so only the audit trail's MAC chain can tell.
 */
export function deskIntruder(desk: TestDesk) {
  const behindTheTriggers = (sql: string, ...params: unknown[]) => {
    const db = new Database(desk.dbPath);
    try {
      db.transaction(() => {
        const triggers = db
          .prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'",
          )
          .all() as { name: string; sql: string }[];
        for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
        db.prepare(sql).run(...params);
        for (const t of triggers) db.exec(t.sql);
      })();
    } finally {
      db.close();
    }
  };
  return {
    /** Rewrites an audit entry's details in place, leaving its MAC as it was. */
    tamperAudit(seq: number, details: string): void {
      behindTheTriggers('UPDATE audit_log SET details = ? WHERE seq = ?', details, seq);
    },
    /** Deletes an audit entry, leaving a gap in the chain. */
    deleteAudit(seq: number): void {
      behindTheTriggers('DELETE FROM audit_log WHERE seq = ?', seq);
    },
    /** Deletes a cardholder's verification facts (by its public id); that table has no triggers. */
    removeFacts(cardholderPublicId: string): void {
      const db = new Database(desk.dbPath);
      try {
        db.prepare(
          'DELETE FROM verification_facts WHERE cardholder_id = (SELECT id FROM cardholders WHERE public_id = ?)',
        ).run(cardholderPublicId);
      } finally {
        db.close();
      }
    },
    /** Writes a policy value without the keys (its row's MAC cannot match). */
    forgePolicy(key: string, value: number): void {
      const db = new Database(desk.dbPath);
      try {
        // The seal triggers' functions, as someone without the keys has them.
        db.function('desk_row_key_id', () => 'forged');
        db.function('desk_row_mac', { varargs: true }, () => Buffer.alloc(32));
        db.function('desk_row_holds', { varargs: true }, () => 0);
        db.prepare(
          "INSERT OR REPLACE INTO policy (key, value, updated_at) VALUES (?, ?, '2026-01-01T00:00:00.000Z')",
        ).run(key, JSON.stringify(value));
      } finally {
        db.close();
      }
    },
  };
}

/**
 * One test per migration: each builds the database up to the version before, applies the
 * migration, and checks what it promises. A new migration adds its own case here.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.ts';
import { migrations } from '../../../main/core/db/migrations/index.ts';
import { schemaDifferences } from '../../../main/core/db/schema-check.ts';
import {
  installRowMac,
  sealedRowHolds,
  type SealedRow,
} from '../../../main/core/db/sealed-rows.ts';
import { deriveKeySet, keySetProvider } from '../../../main/core/keys/key-set.ts';
import { rowKeysOf, rowMacHolds } from '../../../main/core/keys/row-mac.ts';
import { type CardSealRow } from '../../../main/core/acs/card-refs.ts';

function databaseAt(version: number): Database.Database {
  const db = new Database(':memory:');
  migrate(db, { available: migrations.filter((m) => m.version <= version) });
  return db;
}

const tables = (db: Database.Database) =>
  (
    db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);

describe('migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('all pending migrations apply in one transaction: a failing one leaves nothing', () => {
    const db = new Database(':memory:');
    const broken = [
      ...migrations,
      { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE x (' },
    ];
    expect(() => migrate(db, { available: broken })).toThrow();
    expect(tables(db)).toEqual([]);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
  });

  it('001 creates operators, policy, database_info and an append-only audit log (STRICT)', () => {
    const db = databaseAt(1);
    expect(tables(db)).toEqual([
      'audit_log',
      'database_info',
      'operators',
      'password_history',
      'policy',
      'schema_migrations',
    ]);
    const strict = db
      .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND strict = 1")
      .all();
    expect(strict).toHaveLength(6);
    db.prepare(
      `INSERT INTO audit_log (seq, at, origin, action, result, details, key_id, mac)
       VALUES (1, 't', 'test', 'x', 'success', '{}', 'k', x'00')`,
    ).run();
    expect(() => db.prepare("UPDATE audit_log SET action = 'y'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO operators (username, display_name, role, password_hash, password_changed_at, created_at)
         VALUES ('a', 'A', 'superuser', 'h', 't', 't')`,
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
  });
});

describe('migration 002', () => {
  it('adds cardholders, surname keys, cards and lockouts, and never a column for the full number', () => {
    const db = databaseAt(2);
    expect(tables(db)).toEqual(
      expect.arrayContaining(['cardholders', 'surname_keys', 'cards', 'lockouts']),
    );
    const cardColumns = (
      db.prepare('SELECT name FROM pragma_table_info(?)').all('cards') as { name: string }[]
    ).map((c) => c.name);
    expect(cardColumns).toEqual([
      'id',
      'public_id',
      'cardholder_id',
      'product',
      'brand',
      'last4',
      'pan_hash',
      'pan_key_id',
      'created_at',
    ]);
    db.exec(`INSERT INTO cardholders (id, public_id, customer_ref, name, name_latin, created_at)
             VALUES (1, 'h1', 'C1', '佐藤 花子', 'Sato Hanako', 't')`);
    expect(() =>
      db.exec(`INSERT INTO cards (public_id, cardholder_id, product, brand, last4, pan_hash, pan_key_id, created_at)
               VALUES ('c1', 1, 'gold', 'VISA', '12345', x'01', 'k', 't')`),
    ).toThrow(/CHECK/);
    expect(() =>
      db.exec(`INSERT INTO cards (public_id, cardholder_id, product, brand, last4, pan_hash, pan_key_id, created_at)
               VALUES ('c2', 99, 'gold', 'VISA', '1234', x'02', 'k', 't')`),
    ).toThrow(/FOREIGN KEY/);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
  });
});

describe('migration 003', () => {
  const columns = (db: Database.Database, table: string) =>
    (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map(
      (c) => c.name,
    );

  it('adds contact points, verification facts, calls and their checks; no clear contact, DOB or postcode', () => {
    const db = databaseAt(3);
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'contact_points',
        'verification_facts',
        'calls',
        'verification_attempts',
        'contact_checks',
      ]),
    );
    const all = ['contact_points', 'verification_facts', 'calls'].flatMap((t) => columns(db, t));
    for (const clear of ['value', 'email', 'mobile', 'phone', 'dob', 'postcode', 'pending_value'])
      expect(all).not.toContain(clear);
    expect(columns(db, 'verification_facts')).toEqual([
      'cardholder_id',
      'pair_hash',
      'salt',
      'cost',
      'pepper_key_id',
      'updated_at',
    ]);
    db.exec(`INSERT INTO cardholders (id, public_id, customer_ref, name, name_latin, created_at)
             VALUES (1, 'h1', 'C1', '佐藤 花子', 'Sato Hanako', 't')`);
    const contact = (kind: string, status: string, pending: string) =>
      db.exec(`INSERT INTO contact_points (cardholder_id, kind, masked, value_hash, value_key_id,
               status, updated_at, pending_masked, pending_effective_at)
               VALUES (1, '${kind}', 'm', x'01', 'k', '${status}', 't', ${pending})`);
    expect(() => contact('fax', 'verified', 'NULL, NULL')).toThrow(/CHECK/);
    expect(() => contact('email', 'lost', 'NULL, NULL')).toThrow(/CHECK/);
    expect(() => contact('email', 'verified', "'m', NULL")).toThrow(/CHECK/);
    contact('email', 'bounced', 'NULL, NULL');
    expect(() => contact('email', 'verified', 'NULL, NULL')).toThrow(/UNIQUE/);
    expect(() =>
      db.exec(`INSERT INTO verification_attempts (call_id, card_id, at, result)
               VALUES (99, 99, 't', 'verified')`),
    ).toThrow(/FOREIGN KEY/);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
  });
});

describe('migration 004', () => {
  it('adds 3DS attempts with codes checked, and wrap-up on calls; no column for a code or a destination in clear', () => {
    const db = databaseAt(4);
    const columns = (
      db.prepare('SELECT name FROM pragma_table_info(?)').all('auth_attempts') as { name: string }[]
    ).map((c) => c.name);
    for (const forbidden of ['code', 'otp', 'code_hash', 'cvv', 'destination', 'pan'])
      expect(columns).not.toContain(forbidden);
    db.exec(`INSERT INTO cardholders (id, public_id, customer_ref, name, name_latin, created_at)
             VALUES (1, 'h1', 'C1', '佐藤 花子', 'Sato Hanako', 't');
             INSERT INTO cards (id, public_id, cardholder_id, product, brand, last4, pan_hash, pan_key_id, created_at)
             VALUES (1, 'c1', 1, 'gold', 'VISA', '1234', x'01', 'k', 't')`);
    const attempt = (overrides: string) =>
      db.exec(`INSERT INTO auth_attempts (card_id, at, merchant, amount_minor, currency, method, delivery,
               outcome, trans_status, trans_status_reason, acs_trans_id, ds_trans_id)
               VALUES ${overrides}`);
    attempt(`(1, 't', 'Shop', 1200, 'JPY', 'sms', 'delivered', 'wrong-code', 'N', '01', 'a', 'd')`);
    expect(() =>
      attempt(
        `(1, 't', 'Shop', 1200, 'JPY', 'sms', 'delivered', 'wrong-code', 'X', '01', 'a', 'd')`,
      ),
    ).toThrow(/CHECK/);
    expect(() =>
      attempt(
        `(1, 't', 'Shop', 1200, 'JPY', 'sms', 'delivered', 'wrong-code', 'N', '1', 'a', 'd')`,
      ),
    ).toThrow(/CHECK/);
    expect(() =>
      attempt(`(1, 't', 'Shop', -1, 'JPY', 'sms', 'delivered', 'wrong-code', 'N', '01', 'a', 'd')`),
    ).toThrow(/CHECK/);
    const callColumns = (
      db.prepare('SELECT name FROM pragma_table_info(?)').all('calls') as { name: string }[]
    ).map((c) => c.name);
    expect(callColumns).toEqual(expect.arrayContaining(['outcome', 'note']));
    expect(db.pragma('user_version', { simple: true })).toBe(4);
  });
});

describe('migration 005', () => {
  it('one reset per lock, one outbox row per reset with a unique key, one pending request per lock, never decided by its requester', () => {
    const db = databaseAt(5);
    db.exec(`INSERT INTO operators (id, username, display_name, role, password_hash, password_changed_at, created_at)
             VALUES (1, 'a', 'A', 'agent', 'x', 't', 't'), (2, 'l', 'L', 'lead', 'x', 't', 't');
             INSERT INTO cardholders (id, public_id, customer_ref, name, name_latin, created_at)
             VALUES (1, 'h1', 'C1', '佐藤 花子', 'Sato Hanako', 't');
             INSERT INTO cards (id, public_id, cardholder_id, product, brand, last4, pan_hash, pan_key_id, created_at)
             VALUES (1, 'c1', 1, 'gold', 'VISA', '1234', x'01', 'k', 't');
             INSERT INTO calls (id, public_id, card_id, operator_id, started_at) VALUES (1, 'k1', 1, 1, 't')`);
    const reset = (id: number, since: string) =>
      db.exec(`INSERT INTO resets (id, public_id, card_id, call_id, lock_since, requested_by, requested_at, reason, note)
               VALUES (${id}, 'r${id}', 1, 1, '${since}', 1, 't', 'other', 'n')`);
    reset(1, 's1');
    expect(() => reset(2, 's1')).toThrow(/UNIQUE/);
    reset(2, 's2');
    const outbox = (resetId: number, key: string) =>
      db.exec(`INSERT INTO reset_outbox (reset_id, idempotency_key, created_at, updated_at)
               VALUES (${resetId}, '${key}', 't', 't')`);
    outbox(1, 'k1');
    expect(() => outbox(1, 'k2')).toThrow(/UNIQUE/);
    expect(() => outbox(2, 'k1')).toThrow(/UNIQUE/);

    const request = (id: number, state = 'pending', decidedBy = 'NULL') =>
      db.exec(`INSERT INTO approval_requests (id, public_id, card_id, call_id, lock_since, requested_by,
               requested_at, expires_at, reason, note, escalation, state, decided_by)
               VALUES (${id}, 'a${id}', 1, 1, 's3', 1, 't1', 't2', 'other', 'n', '["second-reset"]', '${state}', ${decidedBy})`);
    request(1);
    expect(() => request(2)).toThrow(/UNIQUE/);
    request(3, 'expired');
    expect(() => request(4, 'approved', '1')).toThrow(/CHECK/);
    expect(() => request(5, 'approved')).toThrow(/CHECK/);
    request(6, 'rejected', '2');
    expect(db.pragma('user_version', { simple: true })).toBe(5);
  });

  describe('migration 006', () => {
    it('indexes the audit trail by operator and action, so search budgets count only the hour', () => {
      const db = databaseAt(6);
      const plan = db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT count(*) FROM audit_log
           WHERE operator_id = ? AND at > ? AND action = 'card.search' AND result = 'success'`,
        )
        .all(1, 't') as { detail: string }[];
      expect(plan.map((row) => row.detail).join('\n')).toMatch(
        /USING INDEX audit_log_by_operator_action \(operator_id=\? AND action=\? AND at>\?\)/,
      );
      expect(tables(db)).not.toContain('fraud_holds_seen');
      expect(db.pragma('user_version', { simple: true })).toBe(6);
    });
  });

  describe('migration 007', () => {
    it('seals operators, policy, lockouts, approvals and resets through triggers; no key, no write', () => {
      const db = databaseAt(7);
      expect(tables(db)).toContain('fraud_holds_seen');
      const insertOperator = (username: string) =>
        db
          .prepare(
            `INSERT INTO operators (username, display_name, role, password_hash, password_changed_at, created_at)
             VALUES (?, 'A', 'agent', 'h', 't', 't')`,
          )
          .run(username);
      // A connection without the keys' functions cannot write a sealed row at all.
      expect(() => insertOperator('nokey')).toThrow(/no such function: desk_row_/);
      const keys = keySetProvider(deriveKeySet('migration-007'), 'test keys');
      // A writer with the keys checks the schema first; the seal functions answer after that.
      installRowMac(db, keys, { openAfterSchemaCheck: schemaDifferences });
      insertOperator('agent1');
      const row = db
        .prepare("SELECT * FROM operators WHERE username = 'agent1'")
        .get() as SealedRow;
      expect(row.mac_key_id).toBe(keys.current('audit').id);
      const lookup = rowKeysOf(keys);
      expect(sealedRowHolds(lookup, 'operators', row)).toBe(true);
      db.prepare("UPDATE operators SET failed_sign_ins = 3 WHERE username = 'agent1'").run();
      const updated = db
        .prepare("SELECT * FROM operators WHERE username = 'agent1'")
        .get() as SealedRow & { failed_sign_ins: number };
      expect(updated.failed_sign_ins).toBe(3);
      expect(sealedRowHolds(lookup, 'operators', updated)).toBe(true);
      expect(
        sealedRowHolds(lookup, 'operators', { ...updated, failed_sign_ins: 0 } as SealedRow),
      ).toBe(false);
      // A forged row stays forged when a keyed writer changes it next: never laundered.
      const trigger = (
        db
          .prepare("SELECT sql FROM sqlite_schema WHERE name = 'operators_sealed_on_update'")
          .get() as { sql: string }
      ).sql;
      db.exec(`DROP TRIGGER operators_sealed_on_update;
               UPDATE operators SET role = 'admin' WHERE username = 'agent1';
               ${trigger};`);
      db.prepare("UPDATE operators SET failed_sign_ins = 4 WHERE username = 'agent1'").run();
      const laundered = db
        .prepare("SELECT * FROM operators WHERE username = 'agent1'")
        .get() as SealedRow;
      expect(sealedRowHolds(lookup, 'operators', laundered)).toBe(false);
      db.prepare(
        "INSERT INTO policy (key, value, updated_at) VALUES ('idleLockMinutes', '10', 't')",
      ).run();
      const policy = db.prepare('SELECT * FROM policy').get() as SealedRow & { key: string };
      expect(sealedRowHolds(lookup, 'policy', policy)).toBe(true);
      expect(
        sealedRowHolds(lookup, 'policy', { ...policy, key: 'signInLockMinutes' } as SealedRow),
      ).toBe(false);
      const triggers = db
        .prepare(
          "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%_sealed_on_%' ORDER BY name",
        )
        .all() as { name: string }[];
      expect(triggers).toHaveLength(10);
      expect(db.pragma('user_version', { simple: true })).toBe(7);
    });
  });

  it('010 indexes the trail by username, action and result (each ending in seq), adds leases and the syslog queue', () => {
    const db = databaseAt(10);
    const columns = (index: string) =>
      (db.prepare('SELECT name FROM pragma_index_info(?)').all(index) as { name: string }[]).map(
        (r) => r.name,
      );
    expect(columns('audit_log_by_username_seq')).toEqual(['username', 'seq']);
    expect(columns('audit_log_by_action_seq')).toEqual(['action', 'seq']);
    expect(columns('audit_log_by_result_seq')).toEqual(['result', 'seq']);
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT seq FROM audit_log WHERE result = 'alert' ORDER BY seq DESC LIMIT 100",
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/audit_log_by_result_seq/u);
    expect(plan.map((p) => p.detail).join(' ')).not.toMatch(/TEMP B-TREE/u);
    // Leases and the forwarder: the queue starts before the first entry; one config row only.
    expect(tables(db)).toEqual(
      expect.arrayContaining(['leases', 'syslog_config', 'syslog_cursor']),
    );
    expect(db.prepare('SELECT delivered_through FROM syslog_cursor').all()).toEqual([
      { delivered_through: 0 },
    ]);
    expect(() =>
      db
        .prepare(
          "INSERT INTO syslog_config (id, host, port, ca_pem, updated_at) VALUES (2, 'h', 6514, 'x', 't')",
        )
        .run(),
    ).toThrow(/CHECK/u);
    expect(db.pragma('user_version', { simple: true })).toBe(10);
  });

  it('013 lets a call say why it has no outcome and hold the fraud team case reference, each checked', () => {
    const db = databaseAt(13);
    const columns = (
      db.prepare('SELECT name FROM pragma_table_info(?)').all('calls') as {
        name: string;
      }[]
    ).map((c) => c.name);
    expect(columns).toEqual(
      expect.arrayContaining(['no_outcome_reason', 'fraud_case_ref', 'fraud_transferred_at']),
    );
    const sql = (
      db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'calls'").get() as {
        sql: string;
      }
    ).sql;
    expect(sql).toMatch(/no_outcome_reason TEXT\s+CHECK/u);
    expect(sql).toMatch(/fraud_case_ref GLOB 'FR-\[0-9\]/u);
    expect(db.pragma('user_version', { simple: true })).toBe(13);
  });

  it('018 rebuilds approval_requests to allow cancelled: sealed rows still hold, the references and seal triggers stand', () => {
    const db = databaseAt(16);
    db.pragma('foreign_keys = ON');
    const keys = keySetProvider(deriveKeySet('migration-018'), 'test keys');
    installRowMac(db, keys, { openAfterSchemaCheck: schemaDifferences });
    const lookup = rowKeysOf(keys);
    db.exec(`
      INSERT INTO operators (id, username, display_name, role, password_hash, password_changed_at, created_at)
        VALUES (1, 'agent1', 'A', 'agent', 'h', 't', 't'), (2, 'lead1', 'L', 'lead', 'h', 't', 't');
      INSERT INTO cardholders (id, public_id, customer_ref, name, name_latin, created_at)
        VALUES (1, 'ch_1', 'C-1', 'N', 'N', 't');
      INSERT INTO cards (id, public_id, cardholder_id, product, brand, last4, pan_hash, pan_key_id, created_at)
        VALUES (1, 'card_1', 1, 'p', 'VISA', '1111', x'00', 'k', 't');
      INSERT INTO calls (id, public_id, card_id, operator_id, started_at) VALUES (1, 'call_1', 1, 1, 't');
      INSERT INTO approval_requests (id, public_id, card_id, call_id, lock_since, requested_by,
          requested_at, expires_at, reason, note, escalation)
        VALUES (1, 'apr_1', 1, 1, 'a', 1, 'b', 'c', 'other', 'n', '[]'),
               (2, 'apr_2', 1, 1, 'b', 1, 'b', 'c', 'other', 'n', '[]');
      UPDATE approval_requests SET state = 'approved', decided_by = 2, decided_at = 'c',
        decision_note = 'ok' WHERE id = 2;
      INSERT INTO resets (public_id, card_id, call_id, lock_since, requested_by, approval_id,
          requested_at, reason, note)
        VALUES ('rst_1', 1, 1, 'b', 1, 2, 'c', 'other', 'n');`);
    const rows = () =>
      db.prepare('SELECT * FROM approval_requests ORDER BY id').all() as (SealedRow & {
        state: string;
      })[];
    const before = rows();
    expect(before.every((row) => sealedRowHolds(lookup, 'approval_requests', row))).toBe(true);

    migrate(db, { available: migrations.filter((m) => m.version <= 18) });
    expect(db.pragma('user_version', { simple: true })).toBe(18);
    // The same rows, MACs untouched, still verifying; the reset still points at its request.
    expect(rows()).toEqual(before);
    expect(rows().every((row) => sealedRowHolds(lookup, 'approval_requests', row))).toBe(true);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare('SELECT approval_id FROM resets').get()).toEqual({ approval_id: 2 });
    const named = (type: string) =>
      (
        db
          .prepare(
            "SELECT name FROM sqlite_schema WHERE type = ? AND tbl_name = 'approval_requests' ORDER BY name",
          )
          .all(type) as { name: string }[]
      ).map((r) => r.name);
    expect(named('trigger')).toEqual([
      'approval_requests_sealed_on_insert',
      'approval_requests_sealed_on_update',
    ]);
    expect(named('index')).toEqual(
      expect.arrayContaining([
        'approval_requests_by_call',
        'approval_requests_by_card',
        'approval_requests_by_state',
        'approval_requests_by_time',
        'approval_requests_one_pending',
      ]),
    );

    // The requester may cancel (no four eyes for that), saying why; the seal covers who and when.
    const cancel = db.prepare(
      `UPDATE approval_requests SET state = 'cancelled', decided_by = ?, decided_at = 'd',
       decision_note = ? WHERE id = 1`,
    );
    expect(() => cancel.run(1, null)).toThrow(/CHECK/u);
    cancel.run(1, 'caller hung up');
    const cancelled = rows()[0]!;
    expect(cancelled.state).toBe('cancelled');
    expect(sealedRowHolds(lookup, 'approval_requests', cancelled)).toBe(true);
    expect(
      sealedRowHolds(lookup, 'approval_requests', { ...cancelled, decided_by: 2 } as SealedRow),
    ).toBe(false);
    expect(
      sealedRowHolds(lookup, 'approval_requests', { ...cancelled, state: 'pending' } as SealedRow),
    ).toBe(false);
    // A decision is still never one's own.
    expect(() =>
      db
        .prepare(
          "UPDATE approval_requests SET state = 'rejected', decided_by = 1, decided_at = 'd', decision_note = 'x' WHERE id = 2",
        )
        .run(),
    ).toThrow(/CHECK/u);
  });
  it("020 seals a card's ACS reference with its cardholder and card number, clears the older seals, and gives verification facts a MAC", () => {
    const db = databaseAt(19);
    const keys = keySetProvider(deriveKeySet('migration-020'), 'test keys');
    installRowMac(db, keys, { openAfterSchemaCheck: schemaDifferences });
    const lookup = rowKeysOf(keys);
    db.exec(`
      INSERT INTO cardholders (id, public_id, customer_ref, name, name_latin, created_at)
        VALUES (1, 'ch_1', 'C-1', 'N', 'N', 't'), (2, 'ch_2', 'C-2', 'M', 'M', 't');
      INSERT INTO cards (id, public_id, cardholder_id, product, brand, last4, pan_hash, pan_key_id, created_at, acs_card_ref)
        VALUES (1, 'card_1', 1, 'p', 'VISA', '1111', x'01', 'k', 't', 'REF-1');`);
    const card = () =>
      db
        .prepare(
          'SELECT id, cardholder_id, pan_hash, acs_card_ref, acs_ref_key_id, acs_ref_mac FROM cards',
        )
        .get() as CardSealRow;
    expect(card().acs_ref_mac).not.toBeNull();
    // What 020 seals (migration 023 seals more: card-refs.ts).
    const holds020 = (row: CardSealRow) =>
      rowMacHolds(
        lookup,
        'cards.acs_card_ref v2',
        [row.id, row.acs_card_ref, row.cardholder_id, row.pan_hash],
        row.acs_ref_key_id,
        row.acs_ref_mac,
      );

    migrate(db, { available: migrations.filter((m) => m.version <= 20) });
    installRowMac(db, keys, { openAfterSchemaCheck: schemaDifferences });
    // The older seal (over the card and its reference only) is gone: refused until written again.
    expect(card()).toMatchObject({ acs_ref_key_id: null, acs_ref_mac: null });
    expect(holds020(card())).toBe(false);
    db.prepare("UPDATE cards SET acs_card_ref = 'REF-1'").run();
    expect(holds020(card())).toBe(true);
    // The seal covers the cardholder and the card number: moved, it no longer holds...
    expect(holds020({ ...card(), cardholder_id: 2 })).toBe(false);
    expect(holds020({ ...card(), pan_hash: Buffer.from([2]) })).toBe(false);
    // ...and a writer with the keys that moves the card seals it anew.
    db.prepare('UPDATE cards SET cardholder_id = 2').run();
    expect(card().cardholder_id).toBe(2);
    expect(holds020(card())).toBe(true);
    const columns = (
      db.prepare("SELECT name FROM pragma_table_info('verification_facts')").all() as {
        name: string;
      }[]
    ).map((c) => c.name);
    expect(columns).toEqual(expect.arrayContaining(['facts_key_id', 'facts_mac']));
  });
});

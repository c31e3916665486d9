/**
 * What `audit verify` checks beside the chain: every sealed row still verifies (row-mac.ts),
 * every fraud hold the trail says the console saw still stands in lockouts — a fraud hold
 * deleted or cleared with any SQLite tool leaves its "lockout.fraud-hold-seen" entry behind —
 * operators keep the role they were created with, and each card's ACS card reference
 * matches its own MAC (migration 017).
 */
import type Database from 'better-sqlite3';
import { forgedRows, SEALED_TABLES, type SealedTable } from '../db/sealed-rows.ts';
import { CARD_REF_SEAL } from '../acs/card-refs.ts';
import { rowMacHolds, type RowKeyLookup } from '../keys/row-mac.ts';
import { rolledBackApprovalsAndResets } from './verify-rolled-back.ts';

export function checkDatabaseRows(
  db: Database.Database,
  rowKeys: readonly { id: string; secret: Uint8Array }[],
): string[] {
  const byId = new Map(rowKeys.map((key) => [key.id, { secret: Buffer.from(key.secret) }]));
  const lookup: RowKeyLookup = (id) => byId.get(id) ?? null;
  const problems: string[] = [];
  for (const table of Object.keys(SEALED_TABLES) as SealedTable[]) {
    const bad = forgedRows(db, lookup, table);
    if (bad.length > 0) {
      const what = SEALED_TABLES[table].key;
      problems.push(
        `${table} row(s) with ${what} ${bad.slice(0, 10).join(', ')}${bad.length > 10 ? ` and ${bad.length - 10} more` : ''} do not match their MAC (changed outside Verify Desk)`,
      );
    }
  }
  problems.push(...missingFraudHolds(db), ...rolledBackRows(db), ...alteredCardRefs(db, lookup));
  problems.push(...rolledBackApprovalsAndResets(db));
  return problems;
}

/** Cards whose ACS card reference does not match its own MAC (migration 017, card-refs.ts). */
function alteredCardRefs(db: Database.Database, lookup: RowKeyLookup): string[] {
  const rows = db
    .prepare<
      [],
      {
        id: number;
        public_id: string;
        acs_card_ref: string;
        acs_ref_key_id: string | null;
        acs_ref_mac: Buffer | null;
      }
    >(
      `SELECT id, public_id, acs_card_ref, acs_ref_key_id, acs_ref_mac FROM cards
       WHERE acs_card_ref IS NOT NULL`,
    )
    .iterate();
  const bad: string[] = [];
  for (const row of rows)
    if (
      !rowMacHolds(
        lookup,
        CARD_REF_SEAL,
        [row.id, row.acs_card_ref],
        row.acs_ref_key_id,
        row.acs_ref_mac,
      )
    )
      bad.push(row.public_id);
  if (bad.length === 0) return [];
  return [
    `the ACS card reference of card(s) ${bad.slice(0, 10).join(', ')}${bad.length > 10 ? ` and ${bad.length - 10} more` : ''} does not match its MAC (changed outside Verify Desk, or imported before references were sealed)`,
  ];
}

/**
 * A sealed row put back to an older version of itself still carries a valid MAC. The trail
 * says what it should be now: an operator it disabled must still be disabled, and a policy
 * value must be the one its last change set.
 */
function rolledBackRows(db: Database.Database): string[] {
  const problems: string[] = [];
  const disabled = db
    .prepare<[], { seq: number; subject_id: string }>(
      `SELECT a.seq, a.subject_id FROM audit_log a JOIN operators o ON o.id = CAST(a.subject_id AS INTEGER)
       WHERE a.action = 'operator.disable' AND a.result = 'success' AND a.details = '{}'
         AND o.disabled_at IS NULL`,
    )
    .all();
  for (const entry of disabled)
    problems.push(
      `operator ${entry.subject_id} was disabled (audit entry ${entry.seq}) but its row is enabled again`,
    );
  // No command changes a role: an operator's role is the one it was created with.
  const promoted = db
    .prepare<[], { seq: number; subject_id: string; role: string }>(
      `SELECT a.seq, a.subject_id, o.role FROM audit_log a JOIN operators o ON o.id = CAST(a.subject_id AS INTEGER)
       WHERE a.action = 'operator.create' AND a.result = 'success'
         AND json_extract(a.details, '$.role') IS NOT o.role`,
    )
    .all();
  for (const entry of promoted)
    problems.push(
      `operator ${entry.subject_id} was created with another role (audit entry ${entry.seq}) but is now ${entry.role}`,
    );
  const lastSet = db
    .prepare<[], { seq: number; subject_id: string; details: string }>(
      `SELECT seq, subject_id, details FROM audit_log
       WHERE seq IN (SELECT max(seq) FROM audit_log WHERE action = 'policy.set' AND result = 'success' GROUP BY subject_id)`,
    )
    .all();
  const value = db.prepare<[string], { value: string }>('SELECT value FROM policy WHERE key = ?');
  for (const entry of lastSet) {
    const { after } = JSON.parse(entry.details) as { after?: unknown };
    if (after === undefined) continue;
    const row = value.get(entry.subject_id);
    if (row === undefined || JSON.stringify(JSON.parse(row.value)) !== JSON.stringify(after))
      problems.push(
        `policy value ${entry.subject_id} is ${row ? row.value : 'gone'}, but its last change (audit entry ${entry.seq}) set ${JSON.stringify(after)}`,
      );
  }
  return problems;
}

interface SeenEntry {
  seq: number;
  subject_id: string | null;
  details: string;
}

function missingFraudHolds(db: Database.Database): string[] {
  const seen = db
    .prepare<[], SeenEntry>(
      `SELECT seq, subject_id, details FROM audit_log WHERE action = 'lockout.fraud-hold-seen' ORDER BY seq`,
    )
    .all();
  // The console never clears a fraud hold (a reset is refused for fraud): one seen must stand.
  const hold = db.prepare<[number, string], { id: number }>(
    `SELECT l.id FROM lockouts l JOIN cards c ON c.id = l.card_id
     WHERE l.id = ? AND c.public_id = ? AND l.cause = 'fraud_hold' AND l.cleared_at IS NULL`,
  );
  const problems: string[] = [];
  for (const entry of seen) {
    const details = JSON.parse(entry.details) as { lockoutId?: number };
    if (typeof details.lockoutId !== 'number' || entry.subject_id === null) continue;
    if (!hold.get(details.lockoutId, entry.subject_id)) {
      problems.push(
        `the fraud hold on card ${entry.subject_id} (lockout ${details.lockoutId}, seen at audit entry ${entry.seq}) is gone from lockouts or cleared`,
      );
    }
  }
  return problems;
}

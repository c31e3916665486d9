/**
 * What `audit verify` checks beside the chain: every sealed row still verifies (row-mac.ts),
 * every fraud hold the trail says the console saw still stands in lockouts — a fraud hold
 * deleted or cleared with any SQLite tool leaves its "lockout.fraud-hold-seen" entry behind —
 * operators keep the role they were created with, each card matches its own MAC
 * (migrations 020 and 023: its reference or none, its cardholder, its card number), and the
 * central log server's target is the one its last setting named.
 */
import { SEALS_FROM_ACTION } from '../acs/seals-from.ts';
import { fraudHoldsGone } from '../lockout/fraud-holds-seen.ts';
import { passwordDigest } from '../operators/password.ts';
import type Database from 'better-sqlite3';
import {
  forgedRows,
  SEALED_TABLES,
  sealedRowHolds,
  type SealedRow,
  type SealedTable,
} from '../db/sealed-rows.ts';
import { CARD_SEAL_COLUMNS, cardSealHolds, type CardSealRow } from '../acs/card-refs.ts';
import {
  gatewayHeadProblem,
  gatewayRowProblem,
  LAST_GATEWAY_ENTRY_SQL,
  type GatewayEntry,
  type GatewayRow,
} from '../acs/acs-settings.ts';
import type { GatewayHead } from '../keys/gateway-head.ts';
import type { SyslogHead } from '../keys/syslog-head.ts';
import {
  LAST_SYSLOG_ENTRY_SQL,
  syslogHeadProblem,
  syslogTrailProblem,
  type SyslogConfigRow,
  type SyslogEntry,
} from '../syslog/syslog-setting.ts';
import type { DisabledOperator } from '../keys/operators-disabled.ts';
import type { RowKeyLookup } from '../keys/row-mac.ts';
import { FACTS_SEAL_COLUMNS, factsSeal, type FactsSealRow } from '../verification/facts-seal.ts';
import { FACTS_CHANGED, factsVerdict, saidBy } from '../verification/facts-trail.ts';
import { contactSealHolds, type ContactSealRow } from '../contacts/contact-seal.ts';
import { HOLDER_SEAL_COLUMNS, holderSealHolds, type HolderSealRow } from '../import/holder-seal.ts';
import { rolledBackApprovalsAndResets } from './verify-rolled-back.ts';
import { DESK_SERVER_LEASE } from '../lease/desk-server-lease.ts';
import { SERVER_CLAIM_ACTION } from '../lease/server-claims.ts';

export function checkDatabaseRows(
  db: Database.Database,
  rowKeys: readonly { id: string; secret: Uint8Array }[],
  /** What the key store records of the ACS gateway row; undefined: no key store (memory keys). */
  gatewayHead?: GatewayHead | null,
  /** What the key store records of the central log server's target; undefined: no key store. */
  syslogHead?: SyslogHead | null,
  /** The operators the key store records as disabled; undefined: no key store (memory keys). */
  operatorsDisabled: readonly DisabledOperator[] = [],
): string[] {
  const byId = new Map(rowKeys.map((key) => [key.id, { secret: Buffer.from(key.secret) }]));
  const lookup: RowKeyLookup = (id) => byId.get(id) ?? null;
  const problems: string[] = [];
  for (const table of Object.keys(SEALED_TABLES) as SealedTable[]) {
    const bad = forgedRows(db, lookup, table);
    if (bad.length > 0) {
      const what = SEALED_TABLES[table].key;
      problems.push(
        `${table} row(s) with ${what} ${named(bad)} do not match their MAC (changed outside Verify Desk)`,
      );
    }
  }
  problems.push(
    ...missingFraudHolds(db),
    ...rolledBackRows(db),
    ...rolledBackApprovalsAndResets(db),
    ...replayedGatewayRow(db, gatewayHead),
    ...unvouchedSyslogTarget(db, syslogHead),
    ...enabledAgainstKeyStore(db, operatorsDisabled),
    ...alteredCards(db, lookup),
    ...alteredHolders(db, lookup),
    ...factsProblems(db, lookup),
    ...alteredContacts(db, lookup),
    ...forgedOutboxEnds(db),
    ...unrecordedServerClaim(db),
  );
  return problems;
}

/**
 * The desk server's claim row, while it has not run out, must be the claim the trail's newest
 * `database.server-claim` entry records (lease/server-claims.ts; the chain check vouches for
 * the entry): a holder it does not record was written without the keys.
 */
function unrecordedServerClaim(db: Database.Database, now = Date.now()): string[] {
  const row = db
    .prepare<[string], { holder: string; generation: number; expires_at: string }>(
      'SELECT holder, generation, expires_at FROM leases WHERE name = ?',
    )
    .get(DESK_SERVER_LEASE);
  if (!row || !(Date.parse(row.expires_at) > now)) return [];
  const entry = db
    .prepare<[string], { subject_id: string | null; details: string }>(
      'SELECT subject_id, details FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1',
    )
    .get(SERVER_CLAIM_ACTION);
  const generation: unknown = entry
    ? (JSON.parse(entry.details) as { generation?: unknown }).generation
    : undefined;
  if (entry?.subject_id === row.holder && generation === row.generation) return [];
  return [
    `leases row ${DESK_SERVER_LEASE} names ${row.holder.slice(0, 120)} (claim ${row.generation}), a desk server claim the audit trail does not record (changed outside Verify Desk)`,
  ];
}

/**
 * Cards that do not match their MAC (card-refs.ts: over the card, its reference or null, its
 * cardholder and its card number hash; migrations 020 and 023). A card without a reference and
 * without a MAC (written before migration 023) counts only on a database holding imported ACS
 * data, as the console reads it.
 */
function alteredCards(db: Database.Database, lookup: RowKeyLookup): string[] {
  const rows = db
    .prepare<[], CardSealRow & { public_id: string }>(
      `SELECT public_id, ${CARD_SEAL_COLUMNS} FROM cards`,
    )
    .iterate();
  const withRef: string[] = [];
  const withoutRef: string[] = [];
  let acsData: boolean | undefined;
  const { cards: cardsThrough } = sealsFrom(db);
  for (const row of rows) {
    if (cardSealHolds(lookup, row)) continue;
    if (row.acs_card_ref !== null) withRef.push(row.public_id);
    else if (
      row.acs_ref_mac !== null ||
      row.id > cardsThrough ||
      (acsData ??= holdsAcsData(db, lookup))
    )
      withoutRef.push(row.public_id);
  }
  return [
    ...(withRef.length === 0
      ? []
      : [
          `the ACS card reference of card(s) ${named(withRef)} does not match its MAC (changed outside Verify Desk, the card moved to another cardholder, or imported before references were sealed)`,
        ]),
    ...(withoutRef.length === 0
      ? []
      : [
          `card(s) ${named(withoutRef)} without an ACS card reference do not match their MAC (moved to another cardholder or changed outside Verify Desk, or imported before every card was sealed: import the last full export again)`,
        ]),
  ];
}

/**
 * How far the rows from before migration 023 go, as the trail's database.seals-from entry says
 * (acs/seals-from.ts; the seals_from row itself has no MAC). Read here without its MAC: the
 * chain check of this same verification reports an edited or forged entry; none reads 0 and 0.
 */
function sealsFrom(db: Database.Database): { cards: number; holders: number } {
  const entry = db
    .prepare<[string, string], { details: string }>(
      'SELECT details FROM audit_log WHERE subject_id = ? AND action = ? ORDER BY seq LIMIT 1',
    )
    .get('seals_from', SEALS_FROM_ACTION);
  if (!entry) return { cards: 0, holders: 0 };
  const details = JSON.parse(entry.details) as { cardsThrough?: unknown; holdersThrough?: unknown };
  const count = (value: unknown) => (Number.isSafeInteger(value) ? (value as number) : 0);
  return { cards: count(details.cardsThrough), holders: count(details.holdersThrough) };
}

/**
 * Cardholders whose id, public id and external id do not match their MAC (holder-seal.ts):
 * external ids swapped or changed in the file, a MAC written without the keys, or removed from a
 * row written after migration 023. A row from before it without a MAC is sealed by the next
 * import, and not named.
 */
function alteredHolders(db: Database.Database, lookup: RowKeyLookup): string[] {
  const { holders: holdersThrough } = sealsFrom(db);
  const bad: string[] = [];
  const rows = db
    .prepare<[], HolderSealRow>(`SELECT ${HOLDER_SEAL_COLUMNS} FROM cardholders`)
    .iterate();
  for (const row of rows) {
    if (holderSealHolds(lookup, row)) continue;
    if (row.holder_mac === null && row.id <= holdersThrough) continue;
    bad.push(row.public_id);
  }
  if (bad.length === 0) return [];
  return [
    `cardholder(s) ${named(bad)} do not match their MAC (an external id or public id changed outside Verify Desk): the import writes nothing for them`,
  ];
}

/**
 * Whether the database holds imported ACS data, for the check above: the gateway row's mark (a
 * row that fails its seal may have had it), or the data itself (acs-settings.ts).
 */
function holdsAcsData(db: Database.Database, lookup: RowKeyLookup): boolean {
  const row = db
    .prepare<[], SealedRow & { acs_data: number }>('SELECT * FROM acs_gateway WHERE id = 1')
    .get();
  if (row && (row.acs_data === 1 || !sealedRowHolds(lookup, 'acs_gateway', row))) return true;
  return (
    db
      .prepare<[], { n: number }>(
        `SELECT EXISTS (SELECT 1 FROM cards WHERE acs_card_ref IS NOT NULL)
             OR EXISTS (SELECT 1 FROM lockouts WHERE external_id IS NOT NULL) AS n`,
      )
      .get()!.n === 1
  );
}

/**
 * The verification facts, each row's seal computed once for both of their checks:
 * - rows that do not match their MAC (migration 020, facts-seal.ts);
 * - rows that are not the ones the trail's newest `import.facts-changed` entry for the
 *   cardholder records (facts-trail.ts): a row put back from before a change (its genuine MAC
 *   with it), a row deleted while the trail names one, or one there while the trail says
 *   removed; and a row sealed with its as-of time that no entry records (copied in). A row that
 *   fails its seal is named by the first, an entry that fails its MAC by the chain check.
 */
function factsProblems(db: Database.Database, lookup: RowKeyLookup): string[] {
  const newest = db
    .prepare<[string], { seq: number; subject_id: string; details: string }>(
      `SELECT seq, subject_id, details FROM audit_log WHERE seq IN (
         SELECT max(seq) FROM audit_log WHERE action = ? GROUP BY subject_id)`,
    )
    .all(FACTS_CHANGED);
  const said = new Map(newest.map((entry) => [entry.subject_id, entry]));
  const rows = new Map<string, { row: FactsSealRow; seal: ReturnType<typeof factsSeal> }>();
  const altered: string[] = [];
  for (const row of db
    .prepare<[], FactsSealRow & { public_id: string }>(
      `SELECT h.public_id, ${FACTS_SEAL_COLUMNS.replace(/(\w+)/gu, 'f.$1')}
       FROM verification_facts f JOIN cardholders h ON h.id = f.cardholder_id`,
    )
    .iterate()) {
    const seal = factsSeal(lookup, row);
    if (seal === null) altered.push(row.public_id);
    rows.set(row.public_id, { row, seal });
  }
  const notLatest: string[] = [];
  for (const [holder, entry] of said) {
    const found = rows.get(holder);
    if (found && found.seal === null) continue;
    if (
      factsVerdict(found?.row, found?.seal ?? null, saidBy(entry.seq, entry.details)) ===
      'not-latest'
    )
      notLatest.push(`${holder} (audit entry ${entry.seq})`);
  }
  for (const [holder, { seal }] of rows)
    if (!said.has(holder) && seal === 'v2') notLatest.push(`${holder} (no ${FACTS_CHANGED} entry)`);
  return [
    ...(altered.length === 0
      ? []
      : [
          `the verification facts of cardholder(s) ${named(altered)} do not match their MAC (copied from another cardholder or changed outside Verify Desk, or imported before facts were sealed)`,
        ]),
    ...(notLatest.length === 0
      ? []
      : [
          `the verification facts of cardholder(s) ${named(notLatest)} are not the ones the trail last recorded for them (put back from before a change, removed, or copied in outside Verify Desk: import the last full export again)`,
        ]),
  ];
}

/** Contact points that do not match their MAC (migration 023, contact-seal.ts), by cardholder and kind. */
function alteredContacts(db: Database.Database, lookup: RowKeyLookup): string[] {
  const rows = db
    .prepare<[], ContactSealRow & { holder: string | null }>(
      `SELECT p.*, h.public_id AS holder
       FROM contact_points p LEFT JOIN cardholders h ON h.id = p.cardholder_id`,
    )
    .iterate();
  const bad: string[] = [];
  for (const row of rows)
    if (!contactSealHolds(lookup, row)) bad.push(`${row.holder ?? row.cardholder_id} ${row.kind}`);
  if (bad.length === 0) return [];
  return [
    `the contact point(s) ${named(bad)} (cardholder and kind) do not match their MAC (changed outside Verify Desk — a change time moved back, a value or a pending change altered — or imported before contacts were sealed)`,
  ];
}

/**
 * Operators the key store records as disabled (keys/operators-disabled.ts) whose row says
 * enabled: put back from before the disable (the trail's entry may be renamed out of sight too).
 */
function enabledAgainstKeyStore(
  db: Database.Database,
  disabled: readonly DisabledOperator[],
): string[] {
  if (disabled.length === 0) return [];
  const row = db.prepare<[number, string], { id: number }>(
    'SELECT id FROM operators WHERE id = ? AND username = ? AND disabled_at IS NULL',
  );
  return disabled
    .filter((operator) => row.get(operator.id, operator.username) !== undefined)
    .map(
      (operator) =>
        `operator ${operator.id} (${operator.username}) is disabled in the key store (since ${operator.at}) but its row is enabled again`,
    );
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
  // Every operator is created with an entry naming it, its username and role: a row without one
  // was put in the file — sealed in a copy of this database (same keys), so its MAC verifies.
  const notCreated = db
    .prepare<[], { id: number; username: string }>(
      `SELECT o.id, o.username FROM operators o
       WHERE NOT EXISTS (SELECT 1 FROM audit_log a
         WHERE a.subject_id = CAST(o.id AS TEXT) AND a.action = 'operator.create'
           AND a.result = 'success' AND json_extract(a.details, '$.username') IS o.username
           AND json_extract(a.details, '$.role') IS o.role)`,
    )
    .all();
  for (const operator of notCreated)
    problems.push(
      `operator ${operator.id} (${operator.username}) was never created in this audit trail with that username and role (copied in from another copy of the database, or changed outside Verify Desk)`,
    );
  // The newest entry that set an operator's password hash records a digest of it (entries from
  // before digests were recorded carry none): a row with another hash or set time was changed
  // outside Verify Desk or copied in from a same-key copy of the database.
  const lastPassword = db
    .prepare<
      [],
      {
        seq: number;
        id: number;
        username: string;
        digest: string | null;
        password_hash: string;
        password_changed_at: string;
      }
    >(
      `SELECT a.seq, o.id, o.username, json_extract(a.details, '$.passwordDigest') AS digest,
              o.password_hash, o.password_changed_at
       FROM operators o JOIN audit_log a ON a.seq = (SELECT max(seq) FROM audit_log
         WHERE subject_id = CAST(o.id AS TEXT) AND result = 'success'
           AND action IN ('operator.create', 'operator.password-sealed'))`,
    )
    .all();
  for (const operator of lastPassword)
    if (
      operator.digest !== null &&
      operator.digest !== passwordDigest(operator.password_hash, operator.password_changed_at)
    )
      problems.push(
        `operator ${operator.id} (${operator.username}) has a password other than the one its last password entry (audit entry ${operator.seq}) set (copied in from another copy of the database, or changed outside Verify Desk)`,
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

/**
 * The ACS gateway row must be the one the trail's last entry that set it names, and the one the
 * key store records: an older row put back from a backup keeps its genuine MAC (acs-settings.ts,
 * gatewayRowProblem, gatewayHeadProblem).
 */
function replayedGatewayRow(db: Database.Database, head: GatewayHead | null | undefined): string[] {
  const row = db.prepare<[], GatewayRow>('SELECT * FROM acs_gateway WHERE id = 1').get();
  const entry = db.prepare<[], GatewayEntry>(LAST_GATEWAY_ENTRY_SQL).get();
  const problems = [gatewayRowProblem(row, entry)];
  if (head !== undefined) problems.push(gatewayHeadProblem(row, head));
  return problems.filter((problem) => problem !== null);
}

/**
 * The syslog_config row (no MAC) must be the target the trail's newest syslog.set names and, when
 * the key store records one, the one it records (syslog/syslog-setting.ts): one changed, planted,
 * put back or deleted in the file is forwarded nothing. The entry's own MAC is the chain's to
 * check.
 */
function unvouchedSyslogTarget(
  db: Database.Database,
  head: SyslogHead | null | undefined,
): string[] {
  const row = db
    .prepare<[], SyslogConfigRow>('SELECT host, port, ca_pem FROM syslog_config WHERE id = 1')
    .get();
  const entry = db.prepare<[], SyslogEntry>(LAST_SYSLOG_ENTRY_SQL).get();
  const problems = [syslogTrailProblem(row, entry)];
  if (head !== undefined) problems.push(syslogHeadProblem(row, head));
  return problems.filter((problem) => problem !== null);
}

/**
 * Resets whose (unsealed) outbox row says they ended without the trail or the sealed row saying
 * so: forged to stop the relay sending them (reset-relay.ts reopens them).
 */
function forgedOutboxEnds(db: Database.Database): string[] {
  const rows = db
    .prepare<[], { public_id: string; state: string }>(
      `SELECT r.public_id, x.state FROM reset_outbox x JOIN resets r ON r.id = x.reset_id
       WHERE (x.state = 'applied' AND r.state <> 'applied')
          OR (x.state = 'refused' AND NOT EXISTS (SELECT 1 FROM audit_log a
                WHERE a.action = 'lockout.reset-acs-refused' AND a.subject_id = r.public_id))
          OR (x.state = 'expired' AND NOT EXISTS (SELECT 1 FROM audit_log a
                WHERE a.action = 'lockout.reset-expired' AND a.subject_id = r.public_id))`,
    )
    .all();
  return rows.map(
    (row) =>
      `reset ${row.public_id}'s outbox row says ${row.state}, but neither the trail nor its sealed row says it ended (changed outside Verify Desk; the relay sends it again)`,
  );
}

function missingFraudHolds(db: Database.Database): string[] {
  return fraudHoldsGone(db).map(
    (hold) =>
      `the fraud hold on card ${hold.cardPublicId} (lockout ${hold.lockoutId}, seen at audit entry ${hold.seq}) is gone from lockouts or cleared`,
  );
}

/** The first ten ids of a problem, and how many more: a report names rows, it does not list a million. */
function named(ids: readonly string[]): string {
  return `${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ` and ${ids.length - 10} more` : ''}`;
}

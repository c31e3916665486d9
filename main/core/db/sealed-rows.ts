/**
 * The sealed tables and their sealed columns (migration 007's triggers, and 017's for the ACS
 * gateway row, MAC exactly these, in this order), the functions the triggers call, and the check of a row as read.
 *
 * installRowMac is the one helper every writer uses: the console, desk-admin, the demo
 * builder and any future import register it on their connection with the keys they hold.
 * A connection without it cannot insert or change a sealed row ("no such function:
 * desk_row_mac"), which is the point: whoever lacks the keys cannot write a row that verifies.
 */
import type { KeyProvider } from '../keys/key-provider.ts';
import {
  rowKeysOf,
  rowMac,
  rowMacHolds,
  rowMacKey,
  type RowKeyLookup,
  type RowValue,
} from '../keys/row-mac.ts';
import type { Db } from './connection.ts';

export const SEALED_TABLES = {
  operators: {
    key: 'id',
    columns: [
      'id',
      'username',
      'role',
      'password_hash',
      'password_changed_at',
      'failed_sign_ins',
      'locked_until',
      'disabled_at',
    ],
  },
  policy: { key: 'key', columns: ['key', 'value'] },
  lockouts: { key: 'id', columns: ['id', 'card_id', 'cause', 'since', 'until', 'cleared_at'] },
  approval_requests: {
    key: 'id',
    columns: [
      'id',
      'public_id',
      'card_id',
      'call_id',
      'lock_since',
      'requested_by',
      'expires_at',
      'state',
      'decided_by',
      'decided_at',
    ],
  },
  resets: {
    key: 'id',
    columns: [
      'id',
      'public_id',
      'card_id',
      'call_id',
      'lock_since',
      'requested_by',
      'approval_id',
      'state',
      'applied_at',
    ],
    // Migration 017: the cause of the lock a reset names and its number on the lock are sealed
    // too; a reset from before (no cause, attempt 1) keeps migration 007's MAC.
    later: { columns: ['lock_cause', 'attempt'], first: [null, 1] },
  },
  acs_gateway: {
    key: 'id',
    columns: [
      'id',
      'url',
      'ca_pem',
      'client_cert_pem',
      'client_key_sealed',
      'token_sealed',
      'seal_key_id',
      'training',
      'acs_data',
      'updated_at',
    ],
  },
} as const;

export type SealedTable = keyof typeof SEALED_TABLES;

/** A row as read (SELECT *): its sealed columns, mac_key_id and row_mac. */
export interface SealedRow {
  mac_key_id: string | null;
  row_mac: Buffer | null;
}

/**
 * What a connection without keys has: statements on sealed tables prepare, but writing a
 * sealed row fails, saying why. installRowMac replaces both functions.
 */
export function refuseRowMacWithoutKeys(db: Db): void {
  const refuse = () => {
    throw new Error(
      'This connection holds no keys, so it cannot write operators, policy, lockouts, approvals, resets or the ACS gateway (their rows are sealed with a MAC).',
    );
  };
  db.function('desk_row_key_id', { deterministic: false }, refuse);
  db.function('desk_row_mac', { deterministic: false, varargs: true }, refuse);
  db.function('desk_row_holds', { deterministic: false, varargs: true }, refuse);
}

/**
 * When the seal functions answer. A trigger added to the file while a console runs would fire
 * inside the console's own writes, where these functions hold the keys, and seal whatever it
 * wrote. So they answer only inside a write the gate opened: one that has just checked the
 * schema in its own transaction (audit.transact, after refuseChangedSchema). Anywhere else —
 * a lease renewal, an event, the syslog cursor — a sealed row written (or resealed) fails
 * that write with RowMacClosedError, and nothing is sealed.
 */
export interface RowMacGate {
  /** Runs write with the seal functions answering; the caller checked the schema just now, in this transaction. */
  open<T>(write: () => T): T;
}

/** A sealed row was about to be written outside a write that checked the schema. */
export class RowMacClosedError extends Error {
  override readonly name = 'RowMacClosedError';
}

export interface InstallRowMacOptions {
  /**
   * For a short-lived writer outside the console (the issuer's feed, a test's writer): the
   * schema is checked once, now, and the gate then stays open for this connection. It refuses
   * to install on a schema the migrations did not make.
   */
  openAfterSchemaCheck?: (db: Db) => string[];
}

/**
 * Registers desk_row_mac, desk_row_key_id and desk_row_holds on this connection, with the
 * current audit key, behind the gate it returns (closed until a checked write opens it).
 */
export function installRowMac(
  db: Db,
  keys: Pick<KeyProvider, 'current' | 'byId'>,
  options: InstallRowMacOptions = {},
): RowMacGate {
  const lookup = rowKeysOf(keys);
  const derived = new Map<string, ReturnType<typeof rowMacKey>>();
  let depth = 0;
  let alwaysOpen = false;
  if (options.openAfterSchemaCheck) {
    const differences = options.openAfterSchemaCheck(db);
    if (differences.length > 0)
      throw new RowMacClosedError(
        `This database's schema is not the one Verify Desk made (${differences.join('; ')}): sealed rows are not written on it.`,
      );
    alwaysOpen = true;
  }
  const refuseClosed = (table: unknown) => {
    if (alwaysOpen || (depth > 0 && db.inTransaction)) return;
    const what = typeof table === 'string' ? ` (${table})` : '';
    throw new RowMacClosedError(
      `A sealed row${what} was about to be written outside a write that checked the database's schema: ` +
        'something in the file (a trigger added while Verify Desk runs?) changed a sealed table. ' +
        'Nothing was written or sealed; an admin should run "desk-admin audit verify".',
    );
  };
  const current = () => {
    const audit = keys.current('audit');
    let key = derived.get(audit.id);
    if (!key) derived.set(audit.id, (key = rowMacKey(audit)));
    return key;
  };
  db.function('desk_row_key_id', { deterministic: false }, () => {
    refuseClosed(null);
    return current().id;
  });
  db.function(
    'desk_row_mac',
    { deterministic: false, varargs: true },
    (table: unknown, ...values: unknown[]) => {
      refuseClosed(table);
      return rowMac(current(), String(table), values as RowValue[]);
    },
  );
  // desk_row_holds(table, ...sealed columns, mac_key_id, row_mac): did the row verify? The
  // update triggers ask it before resealing, so it is behind the gate too.
  db.function(
    'desk_row_holds',
    { deterministic: false, varargs: true },
    (table: unknown, ...rest: unknown[]) => {
      refuseClosed(table);
      const mac = rest.pop();
      const keyId = rest.pop();
      const holds = rowMacHolds(
        lookup,
        String(table),
        rest as RowValue[],
        typeof keyId === 'string' ? keyId : null,
        Buffer.isBuffer(mac) ? mac : null,
      );
      return holds ? 1 : 0;
    },
  );
  return {
    open(write) {
      depth++;
      try {
        return write();
      } finally {
        depth--;
      }
    },
  };
}

/** Does this row, as read with its mac_key_id and row_mac, verify? */
export function sealedRowHolds(lookup: RowKeyLookup, table: SealedTable, row: SealedRow): boolean {
  return rowMacHolds(lookup, table, sealedValues(table, row), row.mac_key_id, row.row_mac);
}

/**
 * The values a row's MAC covers: its sealed columns, then — when a table gained sealed columns
 * later (`later`) and the row is not at their first values — those too, as the triggers do.
 */
export function sealedValues(table: SealedTable, row: SealedRow): RowValue[] {
  const record = row as unknown as Record<string, RowValue>;
  const spec: {
    columns: readonly string[];
    later?: { columns: readonly string[]; first: readonly RowValue[] };
  } = SEALED_TABLES[table];
  const values = spec.columns.map((column) => record[column] ?? null);
  const later = spec.later?.columns.map((column) => record[column] ?? null) ?? [];
  const atFirst = later.every((value, i) => value === spec.later?.first[i]);
  return atFirst ? values : [...values, ...later];
}

/** Every row of a sealed table that does not verify, named by its key. */
export function forgedRows(db: Db, lookup: RowKeyLookup, table: SealedTable): string[] {
  const { key } = SEALED_TABLES[table];
  const rows = db.prepare<[], SealedRow>(`SELECT * FROM ${table}`).iterate();
  const bad: string[] = [];
  for (const row of rows)
    if (!sealedRowHolds(lookup, table, row))
      bad.push(String((row as unknown as Record<string, unknown>)[key]));
  return bad;
}

/**
 * Sessions kept across restarts of a desk server (migration 011). The session registry and
 * the call registry stay the source of truth while the process runs; this store mirrors
 * each session row (operator, idle-lock times, open call, cards shown) so that a restarted
 * server knows the same callers, in the same calls, with the same verification (which the
 * database keeps per call). Only a server uses it: a console window's caller id names a
 * window of one process and means nothing after it.
 *
 * Each row is sealed by a MAC under the current audit key over every column: a row written
 * or changed without the keys (a forged session for a token someone made up) is dropped at
 * load and reported. A second MAC, bound to the first, covers what the open call is: its public
 * id (by which the trail vouches for the caller's verification), start, card row and card
 * public id, since `calls` itself is not sealed. A restored call whose `calls` row no longer
 * says so is not restored: it is ended and reported (the session stays). A row written before
 * the second MAC (32 bytes of MAC, not 64) keeps its session but not its call, which nothing
 * vouches for: the agent opens the card again. Last activity is written at most once a minute, so the idle lock after
 * a restart may come up to a minute early, never late. A session idle for longer than
 * STALE_SESSION_HOURS is dropped at load.
 */
import type { Role } from '../../../shared/contract/index.ts';
import type { OpenCall } from '../calls/call-registry.ts';
import type { Db } from '../db/connection.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { rowKeysOf, rowMac, rowMacHolds, rowMacKey, type RowValue } from '../keys/row-mac.ts';
import type { SessionRecord } from './session-registry.ts';

export const STALE_SESSION_HOURS = 12;
/** Last activity is written when it moved on by at least this much. */
export const ACTIVITY_WRITE_MS = 60_000;

const TABLE = 'server_sessions';

export interface StoredSession {
  callerId: string;
  record: SessionRecord;
  handedOut: string[];
  call: OpenCall | null;
}

export interface SessionStore {
  /** Every sealed, recent session; forged or stale rows are deleted (and forged ones reported). */
  load(now: Date): StoredSession[];
  saveSession(callerId: string, record: SessionRecord, handedOut: readonly string[]): void;
  /** Writes last activity only when it moved on by ACTIVITY_WRITE_MS. */
  saveActivity(callerId: string, record: SessionRecord): void;
  saveCall(callerId: string, call: OpenCall | null): void;
  remove(callerId: string): void;
}

/** What a session row's call MAC covers: the call as it was when the session entered it. */
interface CallIdentity {
  publicId: string;
  startedAt: string;
  cardId: number;
  cardPublicId: string;
}

/** A restored session's call that was ended instead: its `calls` row disagrees with the seal. */
export interface RefusedCall {
  callRowId: number;
  operatorId: number;
}

interface Row {
  caller_id: string;
  operator_id: number;
  username: string;
  display_name: string;
  role: string;
  signed_in_at: string;
  last_activity_at: string;
  idle_locked_at: string | null;
  call_id: number | null;
  handed_out: string;
  mac_key_id: string;
  row_mac: Buffer;
}

const CALL_SEAL = 'server_sessions call';
const MAC_BYTES = 32;

const callSealed = (sessionMac: Buffer, call: CallIdentity | null): RowValue[] => [
  sessionMac,
  call?.publicId ?? null,
  call?.startedAt ?? null,
  call?.cardId ?? null,
  call?.cardPublicId ?? null,
];

const sealed = (row: Omit<Row, 'mac_key_id' | 'row_mac'>): RowValue[] => [
  row.caller_id,
  row.operator_id,
  row.username,
  row.display_name,
  row.role,
  row.signed_in_at,
  row.last_activity_at,
  row.idle_locked_at,
  row.call_id,
  row.handed_out,
];

export function createSessionStore(
  db: Db,
  keys: KeyProvider,
  onForged: (count: number) => void,
  onCallRefused: (refused: readonly RefusedCall[]) => void,
): SessionStore {
  const rows = new Map<string, Omit<Row, 'mac_key_id' | 'row_mac'>>();
  const calls = new Map<string, CallIdentity | null>();
  const lookup = rowKeysOf(keys);
  const upsert = db.prepare(
    `INSERT INTO server_sessions (caller_id, operator_id, username, display_name, role,
       signed_in_at, last_activity_at, idle_locked_at, call_id, handed_out, mac_key_id, row_mac)
     VALUES (@caller_id, @operator_id, @username, @display_name, @role, @signed_in_at,
       @last_activity_at, @idle_locked_at, @call_id, @handed_out, @mac_key_id, @row_mac)
     ON CONFLICT (caller_id) DO UPDATE SET operator_id = excluded.operator_id,
       username = excluded.username, display_name = excluded.display_name,
       role = excluded.role, signed_in_at = excluded.signed_in_at,
       last_activity_at = excluded.last_activity_at, idle_locked_at = excluded.idle_locked_at,
       call_id = excluded.call_id, handed_out = excluded.handed_out,
       mac_key_id = excluded.mac_key_id, row_mac = excluded.row_mac`,
  );
  const remove = db.prepare<[string]>('DELETE FROM server_sessions WHERE caller_id = ?');

  function write(row: Omit<Row, 'mac_key_id' | 'row_mac'>): void {
    rows.set(row.caller_id, row);
    const key = rowMacKey(keys.current('audit'));
    const sessionMac = rowMac(key, TABLE, sealed(row));
    const call = row.call_id === null ? null : (calls.get(row.caller_id) ?? null);
    const callMac = rowMac(key, CALL_SEAL, callSealed(sessionMac, call));
    upsert.run({ ...row, mac_key_id: key.id, row_mac: Buffer.concat([sessionMac, callMac]) });
  }

  const recordColumns = (record: SessionRecord) => ({
    operator_id: record.operatorId,
    username: record.username,
    display_name: record.displayName,
    role: record.role,
    signed_in_at: record.signedInAt.toISOString(),
    last_activity_at: record.lastActivityAt.toISOString(),
    idle_locked_at: record.idleLockedAt?.toISOString() ?? null,
  });

  const callRow = db.prepare<
    [number],
    {
      id: number;
      public_id: string;
      card_id: number;
      started_at: string;
      open: number;
      card_public_id: string | null;
      cardholder_id: number | null;
    }
  >(
    `SELECT c.id, c.public_id, c.card_id, c.started_at, c.ended_at IS NULL AS open,
            k.public_id AS card_public_id, k.cardholder_id
       FROM calls c LEFT JOIN cards k ON k.id = c.card_id
      WHERE c.id = ?`,
  );
  // No audit entry of its own: the lead's alert for the refused call is written beside it.
  const endRefused = db.prepare<[string, number]>(
    `UPDATE calls SET ended_at = ?, end_reason = 'signed-out' WHERE id = ? AND ended_at IS NULL`,
  );

  type Restored =
    | { kind: 'open'; call: OpenCall; identity: CallIdentity }
    | { kind: 'ended' }
    | { kind: 'refused' };

  /**
   * The session's call as `calls` says it now, when the call MAC (bound to the session MAC)
   * holds over it; a call row that is gone, or says another id, start or card, is refused.
   */
  function restoreCall(
    callId: number,
    sessionMac: Buffer,
    callMac: Buffer,
    keyId: string,
  ): Restored {
    const found = callRow.get(callId);
    const identity: CallIdentity | null =
      found && found.card_public_id !== null
        ? {
            publicId: found.public_id,
            startedAt: found.started_at,
            cardId: found.card_id,
            cardPublicId: found.card_public_id,
          }
        : null;
    if (
      !found ||
      !identity ||
      found.cardholder_id === null ||
      !rowMacHolds(lookup, CALL_SEAL, callSealed(sessionMac, identity), keyId, callMac)
    )
      return { kind: 'refused' };
    if (found.open !== 1) return { kind: 'ended' };
    return {
      kind: 'open',
      identity,
      call: {
        call: {
          id: found.id,
          publicId: found.public_id,
          cardId: found.card_id,
          startedAt: new Date(found.started_at),
        },
        cardPublicId: identity.cardPublicId,
        cardholderId: found.cardholder_id,
      },
    };
  }

  return {
    load(now) {
      const stale = now.getTime() - STALE_SESSION_HOURS * 3_600_000;
      const loaded: StoredSession[] = [];
      const refused: RefusedCall[] = [];
      let forged = 0;
      for (const row of db.prepare<[], Row>('SELECT * FROM server_sessions').all()) {
        const { mac_key_id, row_mac, ...values } = row;
        const sessionMac = row_mac.subarray(0, MAC_BYTES);
        // 32 bytes: sealed before the call MAC existed; 64: session MAC, then call MAC.
        const callMac = row_mac.length === 2 * MAC_BYTES ? row_mac.subarray(MAC_BYTES) : null;
        if (
          (row_mac.length !== MAC_BYTES && callMac === null) ||
          !rowMacHolds(lookup, TABLE, sealed(values), mac_key_id, sessionMac)
        ) {
          forged++;
          remove.run(row.caller_id);
          continue;
        }
        if (Date.parse(row.last_activity_at) < stale) {
          remove.run(row.caller_id);
          continue;
        }
        let call: OpenCall | null = null;
        let identity: CallIdentity | null = null;
        if (row.call_id !== null) {
          const restored = callMac
            ? restoreCall(row.call_id, sessionMac, callMac, mac_key_id)
            : ({ kind: 'unvouched' } as const);
          if (restored.kind === 'open') ({ call, identity } = restored);
          else if (restored.kind !== 'ended') {
            endRefused.run(now.toISOString(), row.call_id);
            if (restored.kind === 'refused')
              refused.push({ callRowId: row.call_id, operatorId: row.operator_id });
          }
        }
        calls.set(row.caller_id, identity);
        // A call not restored is no longer the session's: the row says so from now on.
        if (!call && values.call_id !== null) write({ ...values, call_id: null });
        else rows.set(row.caller_id, values);
        loaded.push({
          callerId: row.caller_id,
          record: {
            operatorId: row.operator_id,
            username: row.username,
            displayName: row.display_name,
            role: row.role as Role,
            signedInAt: new Date(row.signed_in_at),
            lastActivityAt: new Date(row.last_activity_at),
            idleLockedAt: row.idle_locked_at ? new Date(row.idle_locked_at) : null,
          },
          handedOut: JSON.parse(row.handed_out) as string[],
          call,
        });
      }
      if (forged > 0) onForged(forged);
      if (refused.length > 0) onCallRefused(refused);
      return loaded;
    },
    saveSession(callerId, record, handedOut) {
      const before = rows.get(callerId);
      write({
        caller_id: callerId,
        ...recordColumns(record),
        call_id: before?.call_id ?? null,
        handed_out: JSON.stringify(handedOut),
      });
    },
    saveActivity(callerId, record) {
      const before = rows.get(callerId);
      if (!before) return;
      if (record.lastActivityAt.getTime() - Date.parse(before.last_activity_at) < ACTIVITY_WRITE_MS)
        return;
      write({ ...before, last_activity_at: record.lastActivityAt.toISOString() });
    },
    saveCall(callerId, call) {
      const before = rows.get(callerId);
      if (!before) return;
      calls.set(
        callerId,
        call
          ? {
              publicId: call.call.publicId,
              startedAt: call.call.startedAt.toISOString(),
              cardId: call.call.cardId,
              cardPublicId: call.cardPublicId,
            }
          : null,
      );
      write({ ...before, call_id: call?.call.id ?? null });
    },
    remove(callerId) {
      rows.delete(callerId);
      calls.delete(callerId);
      remove.run(callerId);
    },
  };
}

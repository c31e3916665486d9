/**
 * The lead's alerts as commands. An alert is raised from an audit entry (alert-rules.ts) in
 * the transaction that appends it, so it commits with the action that caused it; the same
 * kind by the same operator on the same subject while one is still open counts on that one.
 * Acknowledging takes a checked note and is audited in the same transaction. Each change is
 * published as alerts.changed to every console on the database (events/event-bus.ts).
 *
 * What the tray shows is read from the trail, not from the alerts table (which is not sealed:
 * a writer without the keys could mark a row acknowledged or delete it): an alert is the
 * entry that raised it, whose MAC holds; it is open until an alert.acknowledge entry naming
 * that entry (raisedSeq), whose MAC holds, closes it. The table is the trail's cache: the
 * alert's public id, the note. A row whose raising entry does not hold or says something else
 * is passed over; a raising entry without its row is still shown (its id derived from the
 * entry); a row marked acknowledged without its entry is open.
 *
 * Each raising entry this process read in the window is looked for again at every read
 * (audit/counted-entries.ts): one renamed, moved or deleted since drops out of the selection
 * without its MAC being checked, and its alert would leave the tray until it was put back. It
 * is reported as an altered entry instead (audit/altered-entry.ts: the trail marked broken, and
 * the lead's altered-row alert naming the entry, which the tray then shows).
 *
 * The read is bounded: the raising and acknowledging entries of the last TRAIL_WINDOW_MS
 * (indexed by action and seq), plus the older alerts the table says are still open, each
 * checked against its own entries. An alert raised before the window whose row was deleted
 * or marked acknowledged in the file is not found here; the trail still holds its entry
 * (`desk-admin audit` lists it).
 */
import { createHash } from 'node:crypto';
import type { AlertKind, AlertState } from '../../../shared/alerts/alert-codes.ts';
import type { Actor } from '../actor.ts';
import { auditActor, type AuditEntryInput } from '../audit/audit-append.ts';
import type { StoredAuditEntry } from '../audit/canonical.ts';
import { alteredEntryReport } from '../audit/altered-entry.ts';
import { countedEntries } from '../audit/counted-entries.ts';
import { rowCheckMemo } from '../db/row-check-memo.ts';
import type { StoreEdges } from '../edges.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { vouchedNames, type NamedOperator } from '../operators/vouched-name.ts';
import { ALERTING_ACTIONS, ALERTING_REFUSALS, alertOf } from './alert-rules.ts';

/** How far back the trail is read for alerts raised and acknowledged. */
export const TRAIL_WINDOW_MS = 7 * 24 * 60 * 60_000;
/** How long an acknowledged alert stays in the tray. */
export const ACKNOWLEDGED_SHOWN_MS = 24 * 60 * 60_000;
const ACKNOWLEDGED_LIMIT = 50;

export interface AlertRecord {
  publicId: string;
  kind: AlertKind;
  raisedAt: Date;
  lastAt: Date;
  occurrences: number;
  /** The audit entry that raised it. */
  auditSeq: number;
  /** Named by the trail (operators/vouched-name.ts): the display name only when it vouches. */
  operator: NamedOperator | null;
  subjectType: string | null;
  subjectId: string | null;
  scope: string | null;
  state: AlertState;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  note: string | null;
}

export type AcknowledgeOutcome =
  { ok: true; alert: AlertRecord } | { ok: false; problem: 'not-found' | 'acknowledged' };

export interface AlertStore {
  /** Inside the transaction of an audit entry just appended: raises or counts its alert, if any. */
  raiseFrom(entry: AuditEntryInput): void;
  /**
   * As the trail vouches for them at `now`: open alerts newest first (at most `limit`), how
   * many are open, and those acknowledged in the last ACKNOWLEDGED_SHOWN_MS.
   */
  list(
    now: Date,
    limit: number,
    /** Who reads: a raising entry altered since this process read it is reported as theirs. */
    reader?: Actor,
  ): { open: AlertRecord[]; openCount: number; acknowledged: AlertRecord[] };
  acknowledge(cmd: Actor & { publicId: string; note: string }): AcknowledgeOutcome;
}

type Entry = StoredAuditEntry & { mac: Buffer | null };

interface AlertRow {
  id: number;
  public_id: string;
  kind: string;
  audit_seq: number;
  operator_id: number | null;
  subject_type: string | null;
  subject_id: string | null;
  scope: string | null;
  state: string;
  occurrences: number;
  note: string | null;
}

/** One alert as the trail tells it. */
interface Derived {
  raising: Entry;
  kind: AlertKind;
  scope: string | null;
  key: string;
  lastAt: string;
  occurrences: number;
  ack: Entry | null;
  row: AlertRow | null;
}

/** The id of the alert an entry raised: the same in every process, and for a row rebuilt. */
export function alertIdOf(seq: number, mac: Buffer): string {
  const digest = createHash('sha256').update(`alert:${seq}:`).update(mac).digest();
  return `alr_${digest.subarray(0, 9).toString('base64url')}`;
}

const entryInput = (entry: Entry): AuditEntryInput | null => {
  let details: unknown;
  try {
    details = JSON.parse(entry.details);
  } catch {
    return null;
  }
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return null;
  return {
    at: new Date(entry.at),
    operatorId: entry.operator_id,
    username: entry.username,
    origin: entry.origin,
    action: entry.action as AuditEntryInput['action'],
    subjectType: entry.subject_type,
    subjectId: entry.subject_id,
    result: entry.result as AuditEntryInput['result'],
    details: details as AuditEntryInput['details'],
  };
};

const keyOf = (kind: string, entry: Entry, scope: string | null) =>
  JSON.stringify([kind, entry.operator_id, entry.subject_type, entry.subject_id, scope]);

const raisedSeqOf = (ack: Entry): number | null => {
  try {
    const seq = (JSON.parse(ack.details) as { raisedSeq?: unknown }).raisedSeq;
    return typeof seq === 'number' && Number.isSafeInteger(seq) ? seq : null;
  } catch {
    return null;
  }
};

export type AlertChanged = (change: {
  alertId: string;
  kind: AlertKind;
  state: AlertState;
}) => void;

export function createAlertStore(
  edges: StoreEdges & { keys?: Pick<KeyProvider, 'trailBreak'> },
  changed: AlertChanged,
): AlertStore {
  const { db, audit } = edges;
  const head = db.prepare<[], { seq: number; mac: Buffer }>(
    'SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1',
  );
  // The latest alert of this kind, operator, subject and scope (migration 016's index by kind
  // and subject); raiseFrom asks the trail whether it is still open.
  const latestLike = db.prepare<
    [AlertKind, string | null, number | null, string | null, string | null],
    AlertRow
  >(`SELECT id, public_id, kind, audit_seq, operator_id, subject_type, subject_id, scope, state,
            occurrences, note
     FROM alerts WHERE kind = ? AND subject_id IS ? AND operator_id IS ? AND subject_type IS ?
       AND scope IS ?
     ORDER BY audit_seq DESC LIMIT 1`);
  // Counted again; a row marked acknowledged in the file that the trail says is open is put
  // back open.
  const countAgain = db.prepare<[string, number]>(
    `UPDATE alerts SET occurrences = occurrences + 1, last_at = ?, state = 'open',
       acknowledged_by = NULL, acknowledged_at = NULL, note = NULL
     WHERE id = ?`,
  );
  const insert = db.prepare<
    [
      string,
      AlertKind,
      string,
      string,
      number,
      number | null,
      string | null,
      string | null,
      string | null,
    ]
  >(`INSERT INTO alerts (public_id, kind, raised_at, last_at, audit_seq, operator_id,
                         subject_type, subject_id, scope)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);

  // The trail's side: where the window starts, the entries that raise alerts in it, the
  // acknowledgements in it, one entry by seq, and the acknowledgements of one alert.
  const firstSince = db.prepare<[string], { seq: number }>(
    'SELECT seq FROM audit_log WHERE at >= ? ORDER BY at LIMIT 1',
  );
  const quoted = (actions: readonly string[]) => actions.map((a) => `'${a}'`).join(', ');
  const raisingSince = db.prepare<[number], Entry>(
    `SELECT * FROM audit_log WHERE action IN (${quoted(ALERTING_ACTIONS)}) AND seq >= ?`,
  );
  const refusalsSince = db.prepare<[number], Entry>(
    `SELECT * FROM audit_log
     WHERE action IN (${quoted(ALERTING_REFUSALS)}) AND result = 'refused' AND seq >= ?`,
  );
  const acksSince = db.prepare<[number], Entry>(
    "SELECT * FROM audit_log WHERE action = 'alert.acknowledge' AND seq >= ?",
  );
  const entryAt = db.prepare<[number], Entry>('SELECT * FROM audit_log WHERE seq = ?');
  const acksOf = db.prepare<[string], Entry>(
    "SELECT * FROM audit_log WHERE subject_id = ? AND action = 'alert.acknowledge'",
  );
  // The table's side: the rows raised in the window (by raised_at, migration 014's index;
  // a row whose time was moved is only a cache missed), and every row that says it is open.
  const rowColumns = `id, public_id, kind, audit_seq, operator_id, subject_type, subject_id,
                      scope, state, occurrences, note`;
  const rowsSince = db.prepare<[string], AlertRow>(
    `SELECT ${rowColumns} FROM alerts WHERE raised_at >= ?`,
  );
  const openRows = db.prepare<[], AlertRow>(
    `SELECT ${rowColumns} FROM alerts WHERE state = 'open'`,
  );
  const rowByPublic = db.prepare<[string], { state: string }>(
    'SELECT state FROM alerts WHERE public_id = ?',
  );
  const saveAcknowledged = db.prepare<
    [
      string,
      AlertKind,
      string,
      string,
      number,
      number,
      number | null,
      string | null,
      string | null,
      string | null,
      number,
      string,
      string,
    ]
  >(
    `INSERT INTO alerts (public_id, kind, raised_at, last_at, occurrences, audit_seq, operator_id,
                        subject_type, subject_id, scope, state, acknowledged_by,
                        acknowledged_at, note)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'acknowledged', ?, ?, ?)
     ON CONFLICT (public_id) DO UPDATE SET
       kind = excluded.kind, raised_at = excluded.raised_at, last_at = excluded.last_at,
       occurrences = excluded.occurrences, audit_seq = excluded.audit_seq,
       operator_id = excluded.operator_id, subject_type = excluded.subject_type,
       subject_id = excluded.subject_id, scope = excluded.scope, state = 'acknowledged',
       acknowledged_by = excluded.acknowledged_by, acknowledged_at = excluded.acknowledged_at,
       note = excluded.note`,
  );

  // An entry's verdict depends on its bytes (and the MAC before it, which the trail watch
  // re-checks): a tray read again checks no entry twice.
  const holds = rowCheckMemo((entry: Entry) => audit.storedEntryHolds(entry), 4096);

  /** The alert an entry raises, when it holds and raises one. */
  const raisedBy = (entry: Entry | undefined) => {
    if (!entry || !holds(entry)) return null;
    const input = entryInput(entry);
    const raised = input && alertOf(input);
    return raised ? { ...raised, key: keyOf(raised.kind, entry, raised.scope) } : null;
  };
  /** Whether a row says what its raising entry says (a cache entry for it). */
  const rowSays = (row: AlertRow, entry: Entry, kind: string, scope: string | null) =>
    row.kind === kind &&
    row.scope === scope &&
    row.operator_id === entry.operator_id &&
    row.subject_type === entry.subject_type &&
    row.subject_id === entry.subject_id;
  const idOf = (alert: Derived) =>
    alert.row?.public_id ?? alertIdOf(alert.raising.seq, alert.raising.mac!);
  const ackedIn = (ack: Entry, raisedSeq: number) => holds(ack) && raisedSeqOf(ack) === raisedSeq;
  const counted = countedEntries(db, holds);
  const reportAltered = alteredEntryReport(audit, edges.keys ?? {});

  /**
   * Whether the trail says a row's alert is open: its raising entry holds and says what the
   * row says, and no acknowledgement of it holds.
   */
  function openInTrail(row: AlertRow): boolean {
    const entry = entryAt.get(row.audit_seq);
    const raised = raisedBy(entry);
    if (!entry || !raised || !rowSays(row, entry, raised.kind, raised.scope)) return false;
    const ids = new Set([row.public_id, alertIdOf(entry.seq, entry.mac!)]);
    return ![...ids].some((id) => acksOf.all(id).some((ack) => ackedIn(ack, row.audit_seq)));
  }

  /** The first entry of the window that starts TRAIL_WINDOW_MS before `now`. */
  const windowOf = (now: Date) => {
    const windowStart = new Date(now.getTime() - TRAIL_WINDOW_MS).toISOString();
    return {
      windowStart,
      from: firstSince.get(windowStart)?.seq ?? (head.get()?.seq ?? 0) + 1,
    };
  };
  /**
   * The raising entries of the window, each looked for again: one this process read before
   * and that is gone from the selection since without holding where it was is reported, once
   * per entry and process, before the tray is read.
   */
  function lookAgain(now: Date, reader: Actor | undefined): void {
    const { from } = windowOf(now);
    const selected = [...raisingSince.all(from), ...refusalsSince.all(from)];
    const gone = counted('raising', selected);
    if (gone === null || reader === undefined) return;
    audit.transact(() => reportAltered(reader, gone, "an alert's raising entry"));
  }

  /** Every alert the trail tells of from the window's start, in the order they were raised. */
  function derive(now: Date): Derived[] {
    const { windowStart, from } = windowOf(now);
    const bySeq = new Map<number, Derived>();
    const openByKey = new Map<string, Derived>();
    const start = (raising: Entry, raised: NonNullable<ReturnType<typeof raisedBy>>) => {
      const alert: Derived = {
        raising,
        kind: raised.kind,
        scope: raised.scope,
        key: raised.key,
        lastAt: raising.at,
        occurrences: 1,
        ack: null,
        row: null,
      };
      bySeq.set(raising.seq, alert);
      openByKey.set(alert.key, alert);
      return alert;
    };
    const acks = acksSince.all(from).filter(holds);

    // Alerts raised before the window that were still open at its start: those the table
    // says are open (unless the trail acknowledged them before the window), and those
    // acknowledged within it. Each stands only on its own raising entry.
    const before: { seq: number; row: AlertRow | null }[] = openRows
      .all()
      .filter((row) => row.audit_seq < from)
      .map((row) => ({ seq: row.audit_seq, row }));
    for (const ack of acks) {
      const seq = raisedSeqOf(ack);
      if (seq !== null && seq < from) before.push({ seq, row: null });
    }
    before.sort((a, b) => a.seq - b.seq);
    for (const { seq, row } of before) {
      if (bySeq.has(seq)) continue;
      const entry = entryAt.get(seq);
      const raised = raisedBy(entry);
      if (!entry || !raised || (row && !rowSays(row, entry, raised.kind, raised.scope))) continue;
      const ids = new Set([alertIdOf(entry.seq, entry.mac!)]);
      if (row) ids.add(row.public_id);
      const ackedBefore = [...ids].some((id) =>
        acksOf.all(id).some((ack) => ack.seq < from && ackedIn(ack, seq)),
      );
      if (ackedBefore) continue;
      start(entry, raised).row = row;
    }

    // The window, in the trail's order: each raising entry opens an alert or counts on the
    // open one of its kind, operator, subject and scope; an acknowledgement closes it.
    const events = [...raisingSince.all(from), ...refusalsSince.all(from), ...acks].sort(
      (a, b) => a.seq - b.seq,
    );
    for (const entry of events) {
      if (entry.action === 'alert.acknowledge') {
        const alert = bySeq.get(raisedSeqOf(entry) ?? -1);
        if (!alert || alert.ack) continue;
        alert.ack = entry;
        if (openByKey.get(alert.key) === alert) openByKey.delete(alert.key);
        continue;
      }
      const raised = raisedBy(entry);
      if (!raised) continue;
      const open = openByKey.get(raised.key);
      if (open) {
        open.occurrences += 1;
        open.lastAt = entry.at;
      } else start(entry, raised);
    }

    // The table's rows, where they say what their entry says: the public id and the note.
    for (const row of rowsSince.all(windowStart)) {
      const alert = bySeq.get(row.audit_seq);
      if (alert && !alert.row && rowSays(row, alert.raising, alert.kind, alert.scope))
        alert.row = row;
    }
    // A row may only name its own alert: an id that another alert of the trail is derived to
    // (a row's public_id changed in the file) leaves both under their derived ids.
    const derivedIds = new Set(
      [...bySeq.values()].map((alert) => alertIdOf(alert.raising.seq, alert.raising.mac!)),
    );
    for (const alert of bySeq.values()) {
      const { row, raising } = alert;
      if (row && row.public_id !== alertIdOf(raising.seq, raising.mac!))
        if (derivedIds.has(row.public_id)) alert.row = null;
    }
    return [...bySeq.values()];
  }

  // Named once per operator and process: the name is the trail's, not the row's.
  const nameOf = vouchedNames(edges);
  const operators = new Map<number, AlertRecord['operator']>();
  const operatorNamed = (id: number | null) => {
    if (id === null) return null;
    let named = operators.get(id);
    if (named === undefined) {
      named = nameOf(id);
      operators.set(id, named);
    }
    return named;
  };

  function toRecord(alert: Derived): AlertRecord {
    const { raising, ack, row } = alert;
    let occurrences = alert.occurrences;
    if (ack) {
      const counted = (JSON.parse(ack.details) as { occurrences?: unknown }).occurrences;
      if (typeof counted === 'number' && counted > occurrences) occurrences = counted;
    } else if (row && row.audit_seq === raising.seq && row.occurrences > occurrences) {
      // Raised before the window: the cache counted what the window does not show.
      occurrences = row.occurrences;
    }
    return {
      publicId: idOf(alert),
      kind: alert.kind,
      raisedAt: new Date(raising.at),
      lastAt: new Date(alert.lastAt),
      occurrences,
      auditSeq: raising.seq,
      operator: operatorNamed(raising.operator_id),
      subjectType: raising.subject_type,
      subjectId: raising.subject_id,
      scope: alert.scope,
      state: ack ? 'acknowledged' : 'open',
      acknowledgedBy: ack?.username ?? null,
      acknowledgedAt: ack ? new Date(ack.at) : null,
      note: ack && row?.state === 'acknowledged' ? row.note : null,
    };
  }

  const newestFirst = (a: string, b: string, seqA: number, seqB: number) =>
    a === b ? seqB - seqA : a < b ? 1 : -1;

  return {
    raiseFrom(entry) {
      const raised = alertOf(entry);
      if (!raised) return;
      const at = entry.at.toISOString();
      const latest = latestLike.get(
        raised.kind,
        entry.subjectId,
        entry.operatorId,
        entry.subjectType,
        raised.scope,
      );
      const same = latest && openInTrail(latest) ? latest : null;
      let alertId: string;
      if (same) {
        countAgain.run(at, same.id);
        alertId = same.public_id;
      } else {
        // The entry just appended: its id is derived from it, so the tray names it the same
        // even when this row is gone.
        const raising = head.get()!;
        alertId = alertIdOf(raising.seq, raising.mac);
        insert.run(
          alertId,
          raised.kind,
          at,
          at,
          raising.seq,
          entry.operatorId,
          entry.subjectType,
          entry.subjectId,
          raised.scope,
        );
      }
      changed({ alertId, kind: raised.kind, state: 'open' });
    },

    list(now, limit, reader) {
      lookAgain(now, reader);
      const alerts = derive(now);
      const open = alerts
        .filter((a) => !a.ack)
        .sort((a, b) => newestFirst(a.lastAt, b.lastAt, a.raising.seq, b.raising.seq));
      const since = new Date(now.getTime() - ACKNOWLEDGED_SHOWN_MS).toISOString();
      const acknowledged = alerts
        .filter((a) => a.ack && a.ack.at > since)
        .sort((a, b) => newestFirst(a.ack!.at, b.ack!.at, a.ack!.seq, b.ack!.seq))
        .slice(0, ACKNOWLEDGED_LIMIT);
      return {
        open: open.slice(0, limit).map(toRecord),
        openCount: open.length,
        acknowledged: acknowledged.map(toRecord),
      };
    },

    acknowledge(cmd) {
      lookAgain(cmd.at, cmd);
      return audit.transact((): AcknowledgeOutcome => {
        const alert = derive(cmd.at).find((a) => idOf(a) === cmd.publicId);
        if (!alert) {
          // Not among the alerts the trail tells of now: one acknowledged long ago, or none.
          const row = rowByPublic.get(cmd.publicId);
          return {
            ok: false,
            problem: row?.state === 'acknowledged' ? 'acknowledged' : 'not-found',
          };
        }
        if (alert.ack) return { ok: false, problem: 'acknowledged' };
        const record = toRecord(alert);
        const { raising } = alert;
        const at = cmd.at.toISOString();
        saveAcknowledged.run(
          record.publicId,
          alert.kind,
          raising.at,
          alert.lastAt,
          record.occurrences,
          raising.seq,
          raising.operator_id,
          raising.subject_type,
          raising.subject_id,
          alert.scope,
          cmd.operatorId,
          at,
          cmd.note,
        );
        audit.append({
          ...auditActor(cmd),
          action: 'alert.acknowledge',
          subjectType: 'alert',
          subjectId: record.publicId,
          result: 'success',
          details: { kind: alert.kind, raisedSeq: raising.seq, occurrences: record.occurrences },
        });
        changed({ alertId: record.publicId, kind: alert.kind, state: 'acknowledged' });
        return {
          ok: true,
          alert: {
            ...record,
            state: 'acknowledged',
            acknowledgedBy: cmd.username,
            acknowledgedAt: cmd.at,
            note: cmd.note,
          },
        };
      });
    },
  };
}

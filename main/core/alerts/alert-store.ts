/**
 * The lead's alerts as commands. An alert is raised from an audit entry (alert-rules.ts) in
 * the transaction that appends it, so it commits with the action that caused it; the same
 * kind by the same operator on the same subject while one is still open counts on that one.
 * Acknowledging takes a checked note and is audited in the same transaction. Each change is
 * published as alerts.changed to every console on the database (events/event-bus.ts).
 */
import { randomBytes } from 'node:crypto';
import type { AlertKind, AlertState } from '../../../shared/alerts/alert-codes.ts';
import type { Actor } from '../actor.ts';
import { auditActor, type AuditEntryInput } from '../audit/audit-append.ts';
import type { StoreEdges } from '../edges.ts';
import { alertOf } from './alert-rules.ts';

export interface AlertRecord {
  id: number;
  publicId: string;
  kind: AlertKind;
  raisedAt: Date;
  lastAt: Date;
  occurrences: number;
  auditSeq: number;
  operator: { username: string; displayName: string } | null;
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
  /** Open alerts newest first (at most `limit`), how many are open, and those acknowledged since. */
  list(
    since: Date,
    limit: number,
  ): { open: AlertRecord[]; openCount: number; acknowledged: AlertRecord[] };
  acknowledge(cmd: Actor & { publicId: string; note: string }): AcknowledgeOutcome;
}

interface AlertRow {
  id: number;
  public_id: string;
  kind: AlertKind;
  raised_at: string;
  last_at: string;
  occurrences: number;
  audit_seq: number;
  username: string | null;
  display_name: string | null;
  subject_type: string | null;
  subject_id: string | null;
  scope: string | null;
  state: AlertState;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  note: string | null;
}

const toRecord = (row: AlertRow): AlertRecord => ({
  id: row.id,
  publicId: row.public_id,
  kind: row.kind,
  raisedAt: new Date(row.raised_at),
  lastAt: new Date(row.last_at),
  occurrences: row.occurrences,
  auditSeq: row.audit_seq,
  operator:
    row.username && row.display_name
      ? { username: row.username, displayName: row.display_name }
      : null,
  subjectType: row.subject_type,
  subjectId: row.subject_id,
  scope: row.scope,
  state: row.state,
  acknowledgedBy: row.acknowledged_by,
  acknowledgedAt: row.acknowledged_at ? new Date(row.acknowledged_at) : null,
  note: row.note,
});

export type AlertChanged = (change: {
  alertId: string;
  kind: AlertKind;
  state: AlertState;
}) => void;

export function createAlertStore({ db, audit }: StoreEdges, changed: AlertChanged): AlertStore {
  const select = `
    SELECT a.id, a.public_id, a.kind, a.raised_at, a.last_at, a.occurrences, a.audit_seq,
           o.username, o.display_name, a.subject_type, a.subject_id, a.scope, a.state,
           k.username AS acknowledged_by, a.acknowledged_at, a.note
    FROM alerts a
    LEFT JOIN operators o ON o.id = a.operator_id
    LEFT JOIN operators k ON k.id = a.acknowledged_by`;
  const lastSeq = db.prepare<[], { seq: number }>('SELECT max(seq) AS seq FROM audit_log');
  const openLike = db.prepare<
    [AlertKind, number | null, string | null, string | null, string | null],
    { id: number; public_id: string }
  >(`SELECT id, public_id FROM alerts WHERE state = 'open' AND kind = ? AND operator_id IS ?
       AND subject_type IS ? AND subject_id IS ? AND scope IS ? LIMIT 1`);
  const countAgain = db.prepare<[string, number]>(
    'UPDATE alerts SET occurrences = occurrences + 1, last_at = ? WHERE id = ?',
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
  const openRows = db.prepare<[number], AlertRow>(
    `${select} WHERE a.state = 'open' ORDER BY a.last_at DESC, a.id DESC LIMIT ?`,
  );
  const openCount = db.prepare<[], { n: number }>(
    "SELECT count(*) AS n FROM alerts WHERE state = 'open'",
  );
  const acknowledgedRows = db.prepare<[string], AlertRow>(
    `${select} WHERE a.state = 'acknowledged' AND a.acknowledged_at > ?
     ORDER BY a.acknowledged_at DESC, a.id DESC LIMIT 50`,
  );
  const byPublic = db.prepare<[string], AlertRow>(`${select} WHERE a.public_id = ?`);
  const ack = db.prepare<[number, string, string, number]>(
    `UPDATE alerts SET state = 'acknowledged', acknowledged_by = ?, acknowledged_at = ?, note = ?
     WHERE id = ? AND state = 'open'`,
  );

  return {
    raiseFrom(entry) {
      const raised = alertOf(entry);
      if (!raised) return;
      const at = entry.at.toISOString();
      const same = openLike.get(
        raised.kind,
        entry.operatorId,
        entry.subjectType,
        entry.subjectId,
        raised.scope,
      );
      let alertId: string;
      if (same) {
        countAgain.run(at, same.id);
        alertId = same.public_id;
      } else {
        alertId = `alr_${randomBytes(9).toString('base64url')}`;
        insert.run(
          alertId,
          raised.kind,
          at,
          at,
          lastSeq.get()!.seq,
          entry.operatorId,
          entry.subjectType,
          entry.subjectId,
          raised.scope,
        );
      }
      changed({ alertId, kind: raised.kind, state: 'open' });
    },

    list(since, limit) {
      return {
        open: openRows.all(limit).map(toRecord),
        openCount: openCount.get()!.n,
        acknowledged: acknowledgedRows.all(since.toISOString()).map(toRecord),
      };
    },

    acknowledge(cmd) {
      return audit.transact((): AcknowledgeOutcome => {
        const row = byPublic.get(cmd.publicId);
        if (!row) return { ok: false, problem: 'not-found' };
        if (
          row.state !== 'open' ||
          ack.run(cmd.operatorId, cmd.at.toISOString(), cmd.note, row.id).changes === 0
        )
          return { ok: false, problem: 'acknowledged' };
        audit.append({
          ...auditActor(cmd),
          action: 'alert.acknowledge',
          subjectType: 'alert',
          subjectId: row.public_id,
          result: 'success',
          details: { kind: row.kind, raisedSeq: row.audit_seq, occurrences: row.occurrences },
        });
        changed({ alertId: row.public_id, kind: row.kind, state: 'acknowledged' });
        return { ok: true, alert: toRecord(byPublic.get(cmd.publicId)!) };
      });
    },
  };
}

/**
 * The team's figures, counted by SQL over what the console already records: calls, each
 * verification answer (and each refused because a limit was reached), resets by their state,
 * approval requests and how long they waited for a decision, calls transferred to the fraud
 * team, and alerts. One query counts every figure by operator and hour of the day (in the
 * zone asked for); another gives the approval waits by operator.
 */
import { TEAM_FIGURES, type TeamFigure } from '../../../shared/team/team-codes.ts';
import type { Db } from '../db/connection.ts';
import type { VouchedName } from '../operators/vouched-name.ts';

export type Figures = Record<TeamFigure, number>;

export interface TeamCount {
  figure: TeamFigure;
  operatorId: number | null;
  hour: number;
  n: number;
}

export interface TeamWaits {
  operatorId: number;
  decided: number;
  averageMinutes: number | null;
  longestMinutes: number | null;
}

export interface TeamStore {
  counts(from: Date, to: Date, utcOffsetMinutes: number): TeamCount[];
  waits(from: Date, to: Date): TeamWaits[];
  /** The display name only when the trail vouches for it (operators/vouched-name.ts). */
  operators(ids: readonly number[]): { id: number; username: string; displayName: string | null }[];
}

export const noFigures = (): Figures =>
  Object.fromEntries(TEAM_FIGURES.map((figure) => [figure, 0])) as Figures;

export function createTeamStore(db: Db, nameOf: VouchedName): TeamStore {
  // Every row is (figure, operator, instant) within [from, to); the range is bound once per arm.
  const counts = db.prepare<
    { from: string; to: string; shift: string },
    { figure: TeamFigure; operator_id: number | null; hour: number; n: number }
  >(`
    WITH facts (figure, operator_id, at) AS (
      SELECT 'calls', operator_id, started_at FROM calls
       WHERE started_at >= @from AND started_at < @to
      UNION ALL
      SELECT CASE v.result WHEN 'verified' THEN 'verificationsPassed' ELSE 'verificationsFailed' END,
             k.operator_id, v.at
        FROM verification_attempts v JOIN calls k ON k.id = v.call_id
       WHERE v.at >= @from AND v.at < @to
      UNION ALL
      SELECT 'verificationsBlocked', operator_id, at FROM audit_log
       WHERE action = 'caller.verify' AND result = 'refused' AND at >= @from AND at < @to
      UNION ALL
      SELECT CASE state WHEN 'applied' THEN 'resetsApplied' WHEN 'failed' THEN 'resetsFailed'
                        ELSE 'resetsPending' END,
             requested_by, requested_at FROM resets
       WHERE requested_at >= @from AND requested_at < @to
      UNION ALL
      SELECT 'escalations', requested_by, requested_at FROM approval_requests
       WHERE requested_at >= @from AND requested_at < @to
      UNION ALL
      -- A call handed to the fraud team records when, with the team's case reference.
      SELECT 'fraudTransfers', operator_id, fraud_transferred_at FROM calls
       WHERE fraud_transferred_at >= @from AND fraud_transferred_at < @to
      UNION ALL
      SELECT 'alerts', operator_id, raised_at FROM alerts
       WHERE raised_at >= @from AND raised_at < @to
    )
    SELECT figure, operator_id, CAST(strftime('%H', at, @shift) AS INTEGER) AS hour, count(*) AS n
      FROM facts GROUP BY figure, operator_id, hour ORDER BY figure, operator_id, hour`);
  const waits = db.prepare<
    [string, string],
    { operator_id: number; decided: number; average: number | null; longest: number | null }
  >(`
    SELECT requested_by AS operator_id, count(*) AS decided,
           CAST(round(avg((julianday(decided_at) - julianday(requested_at)) * 1440)) AS INTEGER)
             AS average,
           CAST(max((julianday(decided_at) - julianday(requested_at)) * 1440) AS INTEGER) AS longest
      FROM approval_requests
     WHERE decided_at IS NOT NULL AND requested_at >= ? AND requested_at < ?
     GROUP BY requested_by ORDER BY requested_by`);

  return {
    counts(from, to, utcOffsetMinutes) {
      const shift = `${utcOffsetMinutes >= 0 ? '+' : '-'}${Math.abs(utcOffsetMinutes)} minutes`;
      return counts.all({ from: from.toISOString(), to: to.toISOString(), shift }).map((row) => ({
        figure: row.figure,
        operatorId: row.operator_id,
        hour: row.hour,
        n: row.n,
      }));
    },
    waits(from, to) {
      return waits.all(from.toISOString(), to.toISOString()).map((row) => ({
        operatorId: row.operator_id,
        decided: row.decided,
        averageMinutes: row.average,
        longestMinutes: row.longest,
      }));
    },
    operators(ids) {
      return ids.flatMap((id) => {
        const named = nameOf(id);
        return named ? [{ id, ...named }] : [];
      });
    },
  };
}

/**
 * The team feature's slice of the router: team.day, the figures of a day or a week per hour
 * and per agent, and team.export, the same as CSV. The store counts; this only lays the
 * counts out as the contract's rows.
 */
import { stringify } from 'csv-stringify/sync';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { ChannelInput, ChannelOutput } from '../../../shared/contract/index.ts';
import { TEAM_FIGURES } from '../../../shared/team/team-codes.ts';
import { auditActor } from '../audit/audit-append.ts';
import { neutraliseCell, UTF8_BOM } from '../audit/audit-export.ts';
import type { Edges } from '../edges.ts';
import { vouchedNames } from '../operators/vouched-name.ts';
import { DeskFailure } from '../router/failure.ts';
import { operatorActor } from '../router/operator-actor.ts';
import type { CallContext, Handlers } from '../router/router.ts';
import {
  createTeamStore,
  noFigures,
  type Figures,
  type TeamStore,
  type TeamWaits,
} from './team-store.ts';

const DAY = 24 * 60 * 60_000;

/** Midnight of the date in the zone `utcOffsetMinutes` east of UTC, as an instant. */
function startOf(date: string, utcOffsetMinutes: number): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const midnight = Date.UTC(y, m - 1, d);
  const back = new Date(midnight);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) {
    throw new DeskFailure('invalid_input', 'input.invalid', `${date} is not a date.`);
  }
  return new Date(midnight - utcOffsetMinutes * 60_000);
}

const waitView = (waits: readonly TeamWaits[]) => {
  const decided = waits.reduce((sum, w) => sum + w.decided, 0);
  const weighted = waits.reduce((sum, w) => sum + (w.averageMinutes ?? 0) * w.decided, 0);
  const longest = waits.flatMap((w) => (w.longestMinutes === null ? [] : [w.longestMinutes]));
  return {
    decided,
    averageMinutes: decided > 0 ? Math.round(weighted / decided) : null,
    longestMinutes: longest.length > 0 ? Math.max(...longest) : null,
  };
};

/** The figures of a day or a week, laid out as team.day answers them. */
function teamDay(
  store: TeamStore,
  input: ChannelInput<'team.day'>,
  now: Date,
): ChannelOutput<'team.day'> {
  const from = startOf(input.date, input.utcOffsetMinutes);
  const to = new Date(from.getTime() + (input.span === 'week' ? 7 : 1) * DAY);
  const counts = store.counts(from, to, input.utcOffsetMinutes);
  const waits = store.waits(from, to);
  const totals = noFigures();
  const hours = Array.from({ length: 24 }, (_, hour) => ({ hour, figures: noFigures() }));
  const byOperator = new Map<number, Figures>();
  for (const { figure, operatorId, hour, n } of counts) {
    totals[figure] += n;
    hours[hour]!.figures[figure] += n;
    if (operatorId === null) continue;
    const figures = byOperator.get(operatorId) ?? noFigures();
    figures[figure] += n;
    byOperator.set(operatorId, figures);
  }
  for (const w of waits)
    if (!byOperator.has(w.operatorId)) byOperator.set(w.operatorId, noFigures());
  const agents = store
    .operators([...byOperator.keys()])
    .map((operator) => ({
      username: operator.username,
      displayName: operator.displayName,
      figures: byOperator.get(operator.id)!,
      waits: waitView(waits.filter((w) => w.operatorId === operator.id)),
    }))
    .sort((a, b) => a.username.localeCompare(b.username));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    now: now.toISOString(),
    totals,
    waits: waitView(waits),
    hours,
    agents,
  };
}

/**
 * The same figures as CSV, written as the audit desk writes its exports: UTF-8 with a BOM,
 * CRLF records, every text cell a spreadsheet would read as a formula neutralised.
 */
function teamCsv(day: ChannelOutput<'team.day'>): { text: string; rows: number } {
  const header = ['row', 'who', 'hour', ...TEAM_FIGURES, 'wait_average_min', 'wait_longest_min'];
  const cell = (value: string | number | null) =>
    typeof value === 'string' ? neutraliseCell(value) : value;
  const records: (string | number | null)[][] = [
    [
      'total',
      null,
      null,
      ...TEAM_FIGURES.map((f) => day.totals[f]),
      day.waits.averageMinutes,
      day.waits.longestMinutes,
    ],
    ...day.agents.map((agent) => [
      'agent',
      agent.username,
      null,
      ...TEAM_FIGURES.map((f) => agent.figures[f]),
      agent.waits.averageMinutes,
      agent.waits.longestMinutes,
    ]),
    ...day.hours.map((h) => [
      'hour',
      null,
      h.hour,
      ...TEAM_FIGURES.map((f) => h.figures[f]),
      null,
      null,
    ]),
  ];
  const text =
    UTF8_BOM +
    stringify([header, ...records.map((record) => record.map(cell))], {
      eof: true,
      record_delimiter: 'windows',
    });
  return { text, rows: records.length };
}

/** The core's one team store. */
const teamStoreOf = (edges: Edges) => createTeamStore(edges.db, vouchedNames(edges));

export function teamHandlers(edges: Edges): Pick<Handlers, 'team.day' | 'team.export'> {
  const store = edges.shared(teamStoreOf);
  return {
    'team.day': async (input, ctx: CallContext) => teamDay(store, input, ctx.now),
    'team.export': async (input, ctx: CallContext): Promise<ChannelOutput<'team.export'>> => {
      const actor = operatorActor(ctx, edges.origin);
      const now = ctx.now.toISOString();
      const day = teamDay(store, input, ctx.now);
      if (!edges.saveSink)
        throw new DeskFailure(
          'conflict',
          'audit.export-unavailable',
          'This console cannot save files.',
        );
      const path = await edges.saveSink.choosePath(
        ctx.callerId,
        `team-${input.span}-${input.date}.csv`,
      );
      if (path === null) return { saved: false, rows: 0, sha256: null, now };
      const { text, rows } = teamCsv(day);
      const bytes = Buffer.from(text, 'utf8');
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const details = {
        date: input.date,
        span: input.span,
        utcOffsetMinutes: input.utcOffsetMinutes,
      };
      try {
        writeFileSync(path, bytes, { mode: 0o600 });
      } catch (error) {
        edges.logInternal(
          `team.export: writing failed (${error instanceof Error ? error.constructor.name : typeof error})`,
        );
        edges.audit.transact(() =>
          edges.audit.append({
            ...auditActor(actor),
            action: 'team.export',
            subjectType: null,
            subjectId: null,
            result: 'failure',
            details,
          }),
        );
        throw new DeskFailure(
          'conflict',
          'audit.export-failed',
          'The export could not be written.',
        );
      }
      edges.audit.transact(() =>
        edges.audit.append({
          ...auditActor(actor),
          action: 'team.export',
          subjectType: null,
          subjectId: null,
          result: 'success',
          details: { ...details, rows, sha256 },
        }),
      );
      return { saved: true, rows, sha256, now };
    },
  };
}

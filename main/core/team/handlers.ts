/**
 * The team feature's slice of the router: team.day, the figures of a day or a week per hour
 * and per agent. The store counts; this only lays the counts out as the contract's rows.
 */
import type { ChannelInput, ChannelOutput } from '../../../shared/contract/index.ts';
import type { Edges } from '../edges.ts';
import { DeskFailure } from '../router/failure.ts';
import type { CallContext, Handlers } from '../router/router.ts';
import { createTeamStore, noFigures, type Figures, type TeamWaits } from './team-store.ts';

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

/** The core's one team store. */
const teamStoreOf = (edges: Edges) => createTeamStore(edges.db);

export function teamHandlers(edges: Edges): Pick<Handlers, 'team.day'> {
  const store = edges.shared(teamStoreOf);
  return {
    'team.day': async (
      input: ChannelInput<'team.day'>,
      ctx: CallContext,
    ): Promise<ChannelOutput<'team.day'>> => {
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
        now: ctx.now.toISOString(),
        totals,
        waits: waitView(waits),
        hours,
        agents,
      };
    },
  };
}

/** app.info: what this console is, before anyone signs in. */
import { benchmarkCost } from '../db/benchmark-mark.ts';
import { isDemoDatabase } from '../db/database-info.ts';
import type { Edges } from '../edges.ts';
import type { Handlers } from '../router/router.ts';

export function appHandlers(edges: Edges): Pick<Handlers, 'app.info'> {
  const demo = isDemoDatabase(edges.db);
  // Only a mark whose MAC holds (db/benchmark-mark.ts): one written in the file says nothing.
  const benchmark = benchmarkCost(edges.db, edges.keys) !== null;
  return {
    'app.info': async (_input, ctx) => ({
      version: edges.version,
      demo,
      benchmark,
      surface: edges.surface,
      idleLockMinutes: edges.policy().idleLockMinutes,
      acs: edges.acs.kind,
      now: ctx.now.toISOString(),
    }),
  };
}

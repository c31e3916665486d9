/** The import feature's slice of the router: how fresh the imported data is. */
import type { Edges } from '../edges.ts';
import type { Handlers } from '../router/router.ts';

export function importsHandlers(edges: Edges): Pick<Handlers, 'imports.freshness'> {
  const newest = edges.db.prepare<[], { newest: string | null; finished: string | null }>(
    `SELECT (SELECT max(newest_as_of) FROM import_runs WHERE newest_as_of IS NOT NULL) AS newest,
            (SELECT max(finished_at) FROM import_runs WHERE state = 'done') AS finished`,
  );
  const iso = (text: string | null) => (text === null ? null : new Date(text).toISOString());
  return {
    'imports.freshness': async () => {
      const row = newest.get();
      return { newestAsOf: iso(row?.newest ?? null), lastImportAt: iso(row?.finished ?? null) };
    },
  };
}

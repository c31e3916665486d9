import type { Migration } from '../migration.ts';

/**
 * How fresh the imported data is: each import run keeps the newest "as of" among the records
 * it applied, so the console can say "imported data as of …" (the issuer's and the ACS's
 * feeds arrive every minute or so; a feed that stopped shows as old data, not as nothing).
 * Indexed (as is the finish time) so the newest over every run is one index step, however many runs there were.
 */
export const m012ImportFreshness: Migration = {
  version: 12,
  name: 'the newest as-of time of each import run',
  sql: `
ALTER TABLE import_runs ADD COLUMN newest_as_of TEXT;
CREATE INDEX import_runs_by_newest_as_of ON import_runs (newest_as_of) WHERE newest_as_of IS NOT NULL;
CREATE INDEX import_runs_by_finished_at ON import_runs (finished_at) WHERE state = 'done';
`,
};

import type { Migration } from '../migration.ts';

/**
 * The relay looks every minute for outbox rows that say a reset ended while its sealed row
 * does not say applied (an end state forged in the file). Those resets are the few not
 * applied; this index lists them without walking every reset and outbox row ever written.
 */
export const m022ResetsNotApplied: Migration = {
  version: 22,
  name: 'the resets not applied',
  sql: `
CREATE INDEX resets_not_applied ON resets (id) WHERE state <> 'applied';
`,
};

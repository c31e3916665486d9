import type { Migration } from '../migration.ts';

/**
 * A lease row's seal (lease/lease.ts): a row MAC over the lease's name, holder, generation and
 * expiry, as "key id:hex", written by every holder that has the keys. A holder planted in the
 * file without the keys — even one "held until a minute from now", planted again every 30
 * seconds — then holds nothing, and the trail watch, the alert timer, the outbox relay and the
 * syslog forwarder keep running. NULL: a row written before, or by a process without keys.
 */
export const m025LeaseSeal: Migration = {
  version: 25,
  name: 'lease rows sealed',
  sql: `
ALTER TABLE leases ADD COLUMN seal TEXT;
`,
};

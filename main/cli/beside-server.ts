/**
 * desk-admin's writers do not write to a database a desk server is serving: the server owns
 * it while it runs (main/core/lease/desk-server-lease.ts). Each writer says what to do instead.
 */
import { systemClock } from '../core/clock.ts';
import type { Db } from '../core/db/connection.ts';
import { runningDeskServer } from '../core/lease/desk-server-lease.ts';
import { CliError } from './cli-error.ts';

export const STOP_THE_SERVER_FIRST = 'stop the server first, then run this again.';

export function refuseBesideServer(db: Db, instead: string = STOP_THE_SERVER_FIRST): void {
  const server = runningDeskServer(db, systemClock);
  if (server)
    throw new CliError(
      `A desk server (${server.holder}) is serving this database; desk-admin does not write beside it: ${instead}`,
    );
}

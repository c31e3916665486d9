/**
 * The one way to build a core's options: the app, the e2e entry, the preview, the bench,
 * the test harness and the tests all name what differs (database, key file, clock, where
 * actions come from) and take the rest from here: the anchor file beside the database,
 * no events, internal errors to stderr.
 */
import packageJson from '../../package.json' with { type: 'json' };
import type { DeskCoreOptions } from './desk-core.ts';

export type DeskCoreSetup = Pick<DeskCoreOptions, 'dbPath' | 'clock'> &
  Partial<Omit<DeskCoreOptions, 'dbPath' | 'clock'>>;

/** Where a database's audit checkpoints are anchored unless told otherwise. */
export const anchorPathOf = (dbPath: string): string => `${dbPath}.anchors`;

export function deskCoreOptions(setup: DeskCoreSetup): DeskCoreOptions {
  return {
    anchorPath: anchorPathOf(setup.dbPath),
    origin: 'console@local',
    surface: 'desktop',
    version: packageJson.version,
    emit: () => undefined,
    logInternal: (line) => console.error(`[internal] ${line}`),
    ...setup,
  };
}

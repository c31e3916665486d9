/**
 * The e2e entry, built only by `electron-vite build --mode test` (to out-test/main/main.js,
 * never packaged): the same shell on the test's database, key file and manual clock, named
 * by the Playwright fixture in DESK_TEST_*. The clock is reachable as
 * `globalThis.__deskTestClock` so the fixture can move it. The app entry (main.ts) reads
 * none of this, so an installed console cannot be pointed at another database this way.
 *
 * Internal errors reach the fixture as lines on stderr, `DESK-INTERNAL {"source","message"}`
 * (parsed by test/kit/internal-errors.ts): what the router reports through logInternal, and
 * any uncaught exception or unhandled rejection in this process, so the fixture's "no
 * internal errors" check fails on this target as it does on the browser one.
 */
import { app } from 'electron';
import { pathToFileURL } from 'node:url';
import { folderSaveSink } from '../core/audit/save-sink.ts';
import { manualClock, type ManualClock } from '../core/clock.ts';
import { createDeskCore } from '../core/desk-core.ts';
import { deskCoreOptions } from '../core/desk-core-options.ts';
import { bundlePaths } from './bundle-paths.ts';
import { startDesk } from './start-desk.ts';

/** One protocol line for an internal error from this source. */
export function internalErrorLine(source: string, error: unknown): string {
  const message =
    error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return `DESK-INTERNAL ${JSON.stringify({ source, message })}\n`;
}

type Write = (line: string) => void;
const toStderr: Write = (line) => void process.stderr.write(line);

/** Reports the process's uncaught exceptions and unhandled rejections as protocol lines. */
export function reportProcessErrors(
  target: Pick<NodeJS.Process, 'on'> = process,
  write: Write = toStderr,
): void {
  target.on('uncaughtException', (error: unknown) => write(internalErrorLine('uncaught', error)));
  target.on('unhandledRejection', (reason: unknown) =>
    write(internalErrorLine('unhandled', reason)),
  );
}

/** The router's internal-error reporter for the test build. */
export const logInternalTo =
  (write: Write = toStderr) =>
  (line: string): void =>
    write(internalErrorLine('router', line));

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: this build is started by the e2e fixture only.`);
  return value;
}

const logInternal = logInternalTo();
reportProcessErrors();

startDesk({
  ...bundlePaths(import.meta.dirname),
  devTools: true,
  logInternal,
  async openCore(emit) {
    try {
      return await openTestCore(emit);
    } catch (error) {
      // The shell shows a dialog nobody reads in a test: the fixture hears it here.
      toStderr(internalErrorLine('startup', error));
      throw error;
    }
  },
});

async function openTestCore(emit: (callerId: string, event: string, payload: unknown) => void) {
  const dbPath = required('DESK_TEST_DB');
  const clock = manualClock(required('DESK_TEST_CLOCK'));
  (globalThis as { __deskTestClock?: ManualClock }).__deskTestClock = clock;
  return createDeskCore(
    deskCoreOptions({
      dbPath,
      keyFile: required('DESK_TEST_KEY_FILE'),
      clock,
      auditWorkerUrl: pathToFileURL(bundlePaths(import.meta.dirname).auditWorker),
      origin: 'console@e2e',
      // Exports go to the test's folder: a test cannot answer the OS save dialog.
      saveSink: folderSaveSink(required('DESK_TEST_EXPORT_DIR')),
      version: app.getVersion(),
      emit,
      logInternal,
    }),
  );
}

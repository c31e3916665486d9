/**
 * The e2e entry, built only by `electron-vite build --mode test` (to out-test/main/main.js,
 * never packaged): the same shell on the test's database, key file and manual clock, named
 * by the Playwright fixture in DESK_TEST_*. The clock is reachable as
 * `globalThis.__deskTestClock` so the fixture can move it. The app entry (main.ts) reads
 * none of this, so an installed console cannot be pointed at another database this way.
 */
import { app } from 'electron';
import { manualClock, type ManualClock } from '../core/clock.ts';
import { createDeskCore } from '../core/desk-core.ts';
import { deskCoreOptions } from '../core/desk-core-options.ts';
import { bundlePaths } from './bundle-paths.ts';
import { startDesk } from './start-desk.ts';

const logInternal = (line: string): void => console.error(`[internal] ${line}`);

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: this build is started by the e2e fixture only.`);
  return value;
}

startDesk({
  ...bundlePaths(import.meta.dirname),
  devTools: true,
  logInternal,
  async openCore(emit) {
    const dbPath = required('DESK_TEST_DB');
    const clock = manualClock(required('DESK_TEST_CLOCK'));
    (globalThis as { __deskTestClock?: ManualClock }).__deskTestClock = clock;
    return createDeskCore(
      deskCoreOptions({
        dbPath,
        keyFile: required('DESK_TEST_KEY_FILE'),
        clock,
        origin: 'console@e2e',
        version: app.getVersion(),
        emit,
        logInternal,
      }),
    );
  },
});

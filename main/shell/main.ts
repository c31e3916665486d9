/**
 * The app's entry (bundled to out/main/index.js). With a connected-mode config deployed
 * (main/connected/console-config.ts, docs/DEPLOY.md), every window talks to the desk server
 * and this process holds no database and no keys. Otherwise (standalone) it opens main/core
 * on the desktop database with the OS keychain, the system clock and this machine as the
 * audit origin. Everything else is startDesk's.
 */
import { app } from 'electron';
import { hostname } from 'node:os';
import { pathToFileURL } from 'node:url';
import { readConsoleConfig } from '../connected/console-config.ts';
import { createRemoteCore } from '../connected/remote-core.ts';
import { systemClock } from '../core/clock.ts';
import { createDeskCore } from '../core/desk-core.ts';
import { deskCoreOptions } from '../core/desk-core-options.ts';
import { bundlePaths } from './bundle-paths.ts';
import { desktopDatabase } from './desktop-database.ts';
import { saveDialogSink } from './save-dialog.ts';
import { startDesk } from './start-desk.ts';

const logInternal = (line: string): void => console.error(`[internal] ${line}`);

const paths = bundlePaths(import.meta.dirname);

startDesk({
  ...paths,
  devTools: !app.isPackaged,
  logInternal,
  async openCore(emit) {
    const connected = readConsoleConfig();
    if (connected) {
      return createRemoteCore({
        config: connected,
        consoleHost: hostname(),
        emit,
        onStatus: (_callerId, status) => logInternal(`desk server connection ${status}`),
      });
    }
    // The demo is for `npm start` on a developer's machine, never for an installed console.
    const demo = !app.isPackaged && process.argv.includes('--demo');
    const { dbPath, keyFile } = await desktopDatabase(app.getPath('userData'), demo);
    return createDeskCore(
      deskCoreOptions({
        dbPath,
        keyFile,
        clock: systemClock,
        origin: `console@${hostname()}`,
        version: app.getVersion(),
        emit,
        logInternal,
        // The bundled worker beside this file: the source path the core defaults to is not built.
        auditWorkerUrl: pathToFileURL(paths.auditWorker),
        saveSink: saveDialogSink,
        forwardSyslog: true,
        alertTimerMs: 5_000,
        relayResets: true,
        trailWatchMs: 5_000,
      }),
    );
  },
});

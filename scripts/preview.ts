/**
 * `npm run preview`: the console in a Chromium window, for machines without the Electron
 * binary. Same built renderer, same router and database code, through the test harness:
 * the page is served by Playwright's route() (nothing listens on any port) and talks to the
 * router through a binding. The console labels itself PREVIEW. The demo database lives in
 * .desk-data/preview/ and is made on first run, with the demo placed at the current time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { folderSaveSink } from '../main/core/audit/save-sink.ts';
import { systemClock } from '../main/core/clock.ts';
import { buildDemoDatabase } from '../main/core/demo/build-demo.ts';
import { createDeskCore } from '../main/core/desk-core.ts';
import { deskCoreOptions } from '../main/core/desk-core-options.ts';
import { bridgePage } from '../test/harness/attach-page.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../test/harness/chromium.ts';
import { DESK_ORIGIN } from '../test/harness/static-renderer.ts';

const dataDir = resolve('.desk-data/preview');
const dbPath = join(dataDir, 'demo.db');
const keyFile = join(dataDir, 'demo.key');

const executablePath = chromiumPath();
if (!executablePath) {
  console.error(
    'No Chromium found. Install one (Debian: apt-get install chromium) or set CHROMIUM_PATH.',
  );
  process.exit(2);
}
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error(
    'No display: the preview opens a window. Run it in a desktop session (or under xvfb-run).',
  );
  process.exit(2);
}

const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

if (!existsSync(dbPath)) {
  mkdirSync(dataDir, { recursive: true });
  const summary = await buildDemoDatabase({ dbPath, keyFile, now: new Date() });
  console.log(
    `Demo database made: ${summary.cardholders} cardholders, ${summary.cards} cards (${dbPath}).`,
  );
}

const listeners: ((callerId: string, event: string, payload: unknown) => void)[] = [];
const core = createDeskCore(
  deskCoreOptions({
    dbPath,
    keyFile,
    clock: systemClock,
    origin: `preview@${hostname()}`,
    surface: 'preview',
    alertTimerMs: 5_000,
    trailWatchMs: 5_000,
    // No OS save dialog in a browser window: audit exports land in this folder.
    saveSink: folderSaveSink(join(dataDir, 'exports')),
    emit: (callerId, event, payload) =>
      listeners.forEach((listener) => listener(callerId, event, payload)),
  }),
);

const browser = await chromium.launch({ executablePath, headless: false, args: CHROMIUM_ARGS });
const context = await browser.newContext({ viewport: null });
const page = await context.newPage();
await bridgePage(
  page,
  {
    call: (callerId, channel, payload) => core.router.call(callerId, channel, payload),
    onEvent: (listener) => listeners.push(listener),
  },
  'preview',
);
await page.goto(`${DESK_ORIGIN}/index.html`);
console.log('Verify Desk PREVIEW is open. Close the window to stop.');

await new Promise<void>((done) => browser.on('disconnected', () => done()));
await core.endCaller('preview');
core.close();

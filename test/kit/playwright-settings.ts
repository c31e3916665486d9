/** The Playwright settings every Verify Desk test project shares (the repo's and a tester's own). */
import { fileURLToPath } from 'node:url';
import type { PlaywrightTestConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../harness/chromium.ts';

/** `use` for a project on the browser target: the system Chromium at the console's size. */
export function deskProjectUse(): PlaywrightTestConfig['use'] {
  return {
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
    viewport: { width: 1280, height: 800 },
    // A failing test keeps its trace: every action with the page's DOM before and after it,
    // the network and the source. Without the screencast frames, which cost about a fifth of
    // a test's CPU on two cores and add nothing the DOM snapshots do not show.
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: true, sources: true },
    screenshot: 'only-on-failure',
  };
}

/** The global setup that builds the console when it is missing (give it to `globalSetup`). */
export const DESK_GLOBAL_SETUP = fileURLToPath(new URL('./global-setup.ts', import.meta.url));

/**
 * One e2e suite, two targets. `browser`: the built renderer in Debian's Chromium, with a test
 * bridge to the real router on a real database. `electron`: the test build (out-test/, made by
 * `electron-vite build --mode test`) through Playwright's Electron support, skipped — with its
 * reason printed once — where the Electron binary is missing. The global setup builds what is
 * missing; the worked example of docs/TESTING.md is written out as a spec before collection.
 */
import { defineConfig } from '@playwright/test';
import { writeWorkedExampleSpec } from './test/e2e/generated-specs.ts';
import { DESK_GLOBAL_SETUP, deskProjectUse } from './test/kit/playwright-settings.ts';

writeWorkedExampleSpec();

export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: DESK_GLOBAL_SETUP,
  // Every test is its own unit of work: the two workers share a spec's tests, not whole specs,
  // so a spec with many long tests does not leave one worker running alone at the end. Each
  // test already has its own core and database; a spec's beforeAll (its fake ACS) runs per test.
  fullyParallel: true,
  // Two consoles at a time: each test has its own core, database and browser context, and
  // much of a test is waiting on the page, so two workers keep both cores busy.
  workers: 2,
  retries: 0,
  // Generous for two workers on two cores; a hung test still fails.
  timeout: 60_000,
  expect: { timeout: 5_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json']],
  outputDir: 'test-results/e2e',
  use: deskProjectUse(),
  projects: [
    { name: 'browser', metadata: { target: 'browser' } },
    { name: 'electron', metadata: { target: 'electron' } },
    // The same specs with the core behind a desk server on loopback TLS (connected mode).
    {
      name: 'server',
      metadata: { target: 'server' },
      testMatch: [
        'sign-in.spec.ts',
        'search.spec.ts',
        'verification.spec.ts',
        'reset.spec.ts',
        'connected.spec.ts',
      ],
    },
  ],
});

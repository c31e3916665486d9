/** A tester's own project: the kit's settings, its global setup (builds the console if needed), one target. */
import { defineConfig } from '@playwright/test';
import { DESK_GLOBAL_SETUP, deskProjectUse } from '@verify-desk/test-kit';

export default defineConfig({
  testDir: '.',
  globalSetup: DESK_GLOBAL_SETUP,
  workers: 1,
  timeout: 30_000,
  reporter: [['list'], ['json']],
  outputDir: '../../test-results/example-tests',
  use: deskProjectUse(),
  projects: [{ name: 'browser', metadata: { target: 'browser' } }],
});

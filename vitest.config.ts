import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Two test files at a time: much of a file's time is scrypt on the thread pool, timers and
    // loopback servers, so two forks keep both cores busy (vitest's default is cores − 1).
    maxWorkers: 2,
    // Generous: the heavy integration tests (canary scans, crash cycles) share two cores.
    testTimeout: 60_000,
    // Every statement the product prepares is written down for the query-plan check.
    setupFiles: ['test/setup/collect-statements.ts'],
    // One build of each demo database the run's files ask for, copied by every file.
    globalSetup: ['test/setup/demo-templates.ts'],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    // Every statement the product prepares is written down for the query-plan check.
    setupFiles: ['test/setup/collect-statements.ts'],
  },
});

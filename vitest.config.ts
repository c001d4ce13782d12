import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most e2e time is spent waiting on the CLI child processes, so more workers than cores keeps both cores busy.
    maxWorkers: 4,
  },
});

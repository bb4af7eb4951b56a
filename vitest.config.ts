import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests share one broker and one chDB directory per worker process; keep files in separate forks.
    pool: 'forks',
    reporters: ['default'],
  },
});

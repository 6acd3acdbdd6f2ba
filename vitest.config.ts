import { defineConfig } from 'vitest/config';

// Suites that need no browser. Database tests each get a fresh database cloned from a migrated template, on the
// embedded PostgreSQL, or on the server named by CELLBASE_TEST_DATABASE_URL.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'web/src/**/*.test.ts', 'test/integration/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});

import { defineConfig } from 'vitest/config';

// Suites that need no browser. Database tests each get a fresh database cloned from a migrated template, on the
// embedded PostgreSQL, or on the server named by CELLBASE_TEST_DATABASE_URL.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'web/src/**/*.test.ts', 'test/integration/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // Tests wait for conditions, never for the clock; these limits only end a test that hangs, and are generous so
    // that a loaded 2-core machine (a benchmark beside the suite) does not fail a test that would pass.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});

import { defineConfig } from 'vitest/config';

// The browser suite: a real server (built web app, embedded PostgreSQL or the server named by
// CELLBASE_TEST_DATABASE_URL) driven through Debian's Chromium by playwright-core. One worker: the files share the
// server. Also runs the web app's own unit tests (web/src/**/*.test.ts), which need no browser.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/browser/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 600_000,
    // Pages load their data after they render: give polled expectations time to see it.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    reporters: ['default'],
  },
});

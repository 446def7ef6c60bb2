// End-to-end tests: a real server (fresh SQLite, demo data) driven through Debian's Chromium.
//   npm run test:e2e      (CHROMIUM_PATH overrides /usr/bin/chromium; JIANDU_E2E_URL reuses a running server)
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    maxConcurrency: 1,
    pool: 'forks',
    reporters: ['default'],
    // A loaded 2-core CI machine renders slowly: give polled expectations time, and retry a flaky walk once.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    retry: 1,
  },
});

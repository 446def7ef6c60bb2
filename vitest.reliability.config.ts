import { defineConfig } from 'vitest/config';

// The reliability suite: backup/restore, crash safety, two app nodes, load. Real server processes,
// one test file at a time (they measure and they kill processes), long timeouts.
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 1,
    reporters: ['verbose'],
    env: {
      TEST_DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      LOG_LEVEL: 'silent',
      JIANDU_RELIABILITY: '1',
    },
  },
});

import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    // Real FFmpeg and the real Whisper engine run in these tests; on 2 cores give them room.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // PostgreSQL (and, with the S3 store, Swift) for the shared archive's tests: started once per
    // run unless VOCES_TEST_DATABASE_URL is set (decision 0136).
    globalSetup: ['tests/setup/services.ts'],
    maxWorkers: 2,
  },
})

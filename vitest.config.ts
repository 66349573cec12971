import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two test files at a time (vitest's default here is one: the cores less one). Each file has its own
    // databases (test/helpers/db.ts), and much of a file's time is waiting on PostgreSQL, which the other
    // file's work fills. VITEST_MAX_WORKERS overrides it. A server test may make its own app on a fresh
    // database (migrations and demo data: seconds when both cores are busy), hence 60 s per test.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'credentials', include: ['packages/credentials/test/**/*.test.ts'] },
      },
      {
        extends: true,
        // The setup file shares jsonld's processed contexts before anything loads jsonld, as `laurel` does.
        test: { name: 'server', include: ['packages/server/test/**/*.test.{ts,tsx}'], setupFiles: ['packages/server/test/helpers/share-contexts.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
      },
    ],
  },
});

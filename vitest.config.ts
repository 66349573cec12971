import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two test files at a time (vitest's default here is one: the cores less one). Each file has its own
    // databases (test/helpers/db.ts), and much of a file's time is waiting on PostgreSQL, which the other
    // file's work fills. VITEST_MAX_WORKERS overrides it. A server test may make its own app on a fresh
    // database (migrations and demo data: seconds when both cores are busy), hence 60 s per test.
    maxWorkers: 2,
    // One module graph per worker, not per file: every file loads the whole server (Fastify, jsonld, the
    // Digital Bazaar suites), and loading it afresh for each of ~100 files cost a third of the suite's CPU.
    // Files share no state through modules: each makes its own app, databases and keys (test/helpers), and
    // no test mocks modules or stubs the environment. The suite passes in a shuffled file order too.
    isolate: false,
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

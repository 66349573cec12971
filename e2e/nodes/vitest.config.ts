import { defineConfig } from 'vitest/config';

// The multi-node test (`npm run e2e:nodes`, root only: it creates network namespaces). Its own config so
// that neither `npm test` nor `npm run e2e` picks it up. One file, its tests in order, no retries.
export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    retry: 0,
    // Each test as it ends, in CI's log too.
    reporters: ['verbose'],
  },
});

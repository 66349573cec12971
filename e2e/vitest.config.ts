import { defineConfig } from 'vitest/config';

// The browser suite: real server processes driven by Debian's Chromium through playwright-core.
export default defineConfig({
  test: {
    include: ['**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One journey at a time: each starts its own server, and the machine has two cores.
    fileParallelism: false,
    retry: 0,
  },
});

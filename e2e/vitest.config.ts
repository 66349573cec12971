import { defineConfig } from 'vitest/config';

// E2E_FILES: journey files run at a time (default 1). Each file starts its own servers, data
// directories, databases and Chromium on free ports, so files share nothing and 2 works; it is not the
// default until it has been shown stable on the two-core CI machine (README, "Test it").
const files = Number(process.env.E2E_FILES || 1);

// The browser suite: real server processes driven by Debian's Chromium through playwright-core.
export default defineConfig({
  test: {
    include: ['**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: files > 1,
    maxWorkers: files,
    // Waiting for a condition rather than for a time: give expect.poll room when both cores are busy
    // (the default is 1 s). A poll still ends the moment its condition holds.
    expect: { poll: { timeout: 10_000 } },
    retry: 0,
  },
});

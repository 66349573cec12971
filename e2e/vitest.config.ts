import { defineConfig } from 'vitest/config';

// E2E_FILES: journey files run at a time (default 2). Each file starts its own servers, data
// directories, databases and Chromium on free ports, so files share nothing; one file alone keeps about
// one core busy, two keep both (README, "Test it").
const files = Number(process.env.E2E_FILES || 2);

// The browser suite: real server processes driven by Debian's Chromium through playwright-core.
export default defineConfig({
  test: {
    include: ['**/*.e2e.test.ts'],
    // Generous: a journey that takes 40 s on a quiet machine has taken 120 s with both cores busy, and a
    // timeout is a safety net, not a speed check (each step waits for its condition).
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: files > 1,
    maxWorkers: files,
    // Waiting for a condition rather than for a time: give expect.poll room when both cores are busy
    // (the default is 1 s). A poll still ends the moment its condition holds.
    expect: { poll: { timeout: 10_000 } },
    retry: 0,
  },
});

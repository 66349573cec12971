import { defineConfig } from 'vitest/config';

// The browser suite: real server processes driven by Debian's Chromium through playwright-core.
export default defineConfig({
  test: {
    include: ['**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two journey files at a time (E2E_FILES sets another number; 1 runs them one by one). Each file
    // starts its own servers, data directories, databases and Chromium on free ports, so files share
    // nothing; much of a journey is waiting (on a server's start-up, a job worker's poll, a lease), which
    // the other file's work fills on this two-core machine.
    fileParallelism: true,
    maxWorkers: Number(process.env.E2E_FILES ?? 2),
    // Waiting for a condition rather than for a time: give expect.poll room when both cores are busy
    // (the default is 1 s). A poll still ends the moment its condition holds.
    expect: { poll: { timeout: 10_000 } },
    retry: 0,
  },
});

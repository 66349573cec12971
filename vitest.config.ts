import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'credentials', include: ['packages/credentials/test/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'server', include: ['packages/server/test/**/*.test.{ts,tsx}'], testTimeout: 30_000, hookTimeout: 60_000 },
      },
    ],
  },
});

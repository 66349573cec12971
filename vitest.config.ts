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
        // The setup file shares jsonld's processed contexts before anything loads jsonld, as `laurel` does.
        test: { name: 'server', include: ['packages/server/test/**/*.test.{ts,tsx}'], setupFiles: ['packages/server/test/helpers/share-contexts.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

// The "ui" project on its own; the root vitest.config.ts carries the same entry in its projects.
// biome-ignore lint/style/noDefaultExport: vitest reads the config from the default export.
export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  test: {
    passWithNoTests: false,
    silent: 'passed-only',
    projects: [
      {
        test: {
          name: 'ui',
          include: ['test/ui/**/*.test.ts'],
          globalSetup: ['test/setup/ui.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

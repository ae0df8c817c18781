import { defineProject } from 'vitest/config';
import { sourceResolution } from '../vitest.shared.ts';

// Cross-package tests: the REST API against real Postgres (api/), and whatever needs several
// processes, a browser or the SDK against a live server. support/ holds the shared harness.
export default defineProject({
  ...sourceResolution,
  test: {
    name: 'test',
    include: ['**/*.test.ts'],
    // test/packaging is its own project (it packs the SDK once per run).
    exclude: ['**/node_modules/**', 'packaging/**'],
    environment: 'node',
    globalSetup: ['support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

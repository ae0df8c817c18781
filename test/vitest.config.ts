import { defineProject } from 'vitest/config';
import { sourceResolution } from '../vitest.shared.ts';

// Cross-package tests: the REST API against real Postgres (api/), and whatever needs several
// processes, a browser or the SDK against a live server. support/ holds the shared harness.
export default defineProject({
  ...sourceResolution,
  test: {
    name: 'test',
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    environment: 'node',
    globalSetup: ['support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

import { defineProject } from 'vitest/config';

// The dashboard in a real Chromium against a real server (real Postgres). One file at a time:
// each starts a browser and a server, and the machine has two cores shared with the rest.
export default defineProject({
  test: {
    name: 'browser',
    include: ['**/*.browser.ts'],
    // The shared harness's template database first, then Chromium and the dashboard build.
    globalSetup: ['../support/global-setup.ts', './support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 180_000,
  },
});

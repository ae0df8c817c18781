import { defineProject } from 'vitest/config';
import { sourceResolution } from '../../vitest.shared.ts';

// The dashboard in a real Chromium against a real server (real Postgres). One file at a time:
// each starts a browser and a server, and the machine has two cores shared with the rest.
export default defineProject({
  ...sourceResolution,
  test: {
    name: 'browser',
    include: ['**/*.browser.ts'],
    // The shared harness's template database first, then Chromium and the dashboard build.
    globalSetup: ['../support/global-setup.ts', './support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    // Polls wait for the page (or an SDK client) to catch up; generous, since the machine is shared.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 180_000,
  },
});

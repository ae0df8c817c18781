import { defineProject } from 'vitest/config';
import { sourceResolution } from '../vitest.shared.ts';

// Unit tests of the dashboard's pure logic (rollout shares, diffs, field errors); pages are
// exercised in a real browser by test/browser.
export default defineProject({
  ...sourceResolution,
  test: { name: 'dashboard', include: ['src/**/*.test.ts'], environment: 'node' },
});

import { defineProject } from 'vitest/config';

// Unit tests of the dashboard's pure logic (rollout shares, diffs, field errors); pages are
// exercised in a real browser by test/browser.
export default defineProject({
  test: { name: 'dashboard', include: ['src/**/*.test.ts'], environment: 'node' },
});

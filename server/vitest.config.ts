import { defineProject } from 'vitest/config';
import { sourceResolution } from '../vitest.shared.ts';

// Unit tests of the server's pure parts; API tests against real Postgres live in test/api.
export default defineProject({
  ...sourceResolution,
  test: { name: 'server', include: ['src/**/*.test.ts'], environment: 'node' },
});

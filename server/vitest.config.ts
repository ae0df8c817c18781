import { defineProject } from 'vitest/config';

// Unit tests of the server's pure parts; API tests against real Postgres live in test/api.
export default defineProject({
  test: { name: 'server', include: ['src/**/*.test.ts'], environment: 'node' },
});

import { defineProject } from 'vitest/config';

// Unit tests beside the SDK code: pure evaluation, the client against in-memory platforms, the
// OpenFeature providers and React hooks. Node by default; a component test opts into a DOM with
// a `// @vitest-environment happy-dom` comment at its top.
export default defineProject({
  test: { name: 'sdk', include: ['src/**/*.test.{ts,tsx}'], environment: 'node' },
});

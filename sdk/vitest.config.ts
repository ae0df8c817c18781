import { defineProject } from 'vitest/config';
import { sourceResolution } from '../vitest.shared.ts';

// Unit tests beside the SDK code: pure evaluation, the client against in-memory platforms, the
// OpenFeature providers and React hooks. Node by default; a component test opts into a DOM with
// a `// @vitest-environment happy-dom` comment at its top.
export default defineProject({
  ...sourceResolution,
  test: { name: 'sdk', include: ['src/**/*.test.{ts,tsx}'], environment: 'node' },
});

import { defineConfig } from 'vitest/config';

// One run for the whole repo: each package declares its own project.
export default defineConfig({
  test: { projects: ['sdk', 'server', 'dashboard', 'test', 'test/browser', 'test/packaging'] },
});

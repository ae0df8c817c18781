import { defineProject } from 'vitest/config';
import { sourceResolution } from '../../vitest.shared.ts';

// What a user outside the repository gets: the packed SDK installed by npm into a temporary app,
// the production server folder run by plain node, and `pnpm start` stopped by a signal. Each file
// drives real processes; the SDK is built and packed once per run (support/global-setup.ts).
export default defineProject({
  ...sourceResolution,
  test: {
    name: 'packaging',
    include: ['*.test.ts'],
    globalSetup: ['../support/global-setup.ts', './support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});

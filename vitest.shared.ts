// Inside the workspace the SDK runs from its TypeScript sources, never from a stale build: its
// exports map lists them first under this condition, and every Vite and Vitest config here asks
// for it (tsconfig.base.json does the same for tsc, `--conditions` for tsx and node).
export const SOURCE_CONDITION = '@tripswitch/source';

/** Vite's default conditions (client, then server) with the source condition in front. */
export const sourceResolution = {
  resolve: { conditions: [SOURCE_CONDITION, 'module', 'browser', 'development|production'] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, 'module', 'node', 'development|production'] } },
};

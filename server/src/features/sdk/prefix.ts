import type { Endpoint } from '@tripswitch/sdk/protocol';

/** Every SDK endpoint lives under this prefix; the plugin registering them carries it. */
export const SDK_PREFIX = '/sdk/v1';

/** The endpoint with its path relative to the SDK prefix. */
export function underPrefix<E extends Endpoint>(endpoint: E): E {
  return { ...endpoint, path: endpoint.path.slice(SDK_PREFIX.length) };
}

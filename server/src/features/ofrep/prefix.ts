import { type Endpoint, OFREP_PREFIX } from '@tripswitch/sdk/protocol';

/** The endpoint with its path relative to OFREP's prefix, which the plugin carries. */
export function relative<E extends Endpoint>(endpoint: E): E {
  return { ...endpoint, path: endpoint.path.slice(OFREP_PREFIX.length) };
}

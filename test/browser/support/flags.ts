import type { FlagConfig } from '@tripswitch/sdk/protocol';
import type { TestServer } from './server.ts';

/** Creates a boolean flag through the API and gives it `config` in `environment`. */
export async function createFlag(
  server: TestServer,
  key: string,
  environment: string,
  config: Partial<FlagConfig> = {},
) {
  await server.api.call('createFlag', { body: { key, name: key.replace(/-/g, ' ') } });
  const current = await server.api.call('getFlagEnvironment', {
    params: { flagKey: key, environment },
  });
  if (Object.keys(config).length === 0) return current;
  return server.api.call('updateFlagEnvironment', {
    params: { flagKey: key, environment },
    body: { baseVersion: current.version, config: { ...current.config, ...config } },
  });
}

/** A rollout of the `on` variant to `percent`% of contexts, the rest `off`. */
export function rolloutOn(percent: number) {
  return {
    rollout: {
      variations: [
        { variant: 'on', weight: percent * 1000 },
        { variant: 'off', weight: 100000 - percent * 1000 },
      ],
    },
  };
}

import type { CreateFlagBody, FlagConfig } from '@tripswitch/sdk/protocol';
import type { TestApp } from './app.ts';

let sequence = 0;

/** A unique key with a readable prefix. */
export function uniqueKey(prefix: string): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}`;
}

/** Creates a flag through the API and returns its body; fails the test on anything but 201. */
export async function createFlag(api: TestApp['api'], body: Partial<CreateFlagBody> = {}) {
  const response = await api({
    method: 'POST',
    url: '/api/v1/flags',
    payload: { key: uniqueKey('flag'), ...body },
  });
  if (response.statusCode !== 201)
    throw new Error(`createFlag: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** A valid boolean flag config: on, with one rule serving a 5% rollout of `on` to Norway. */
export function rolloutConfig(overrides: Partial<FlagConfig> = {}): FlagConfig {
  return {
    on: true,
    offVariation: 'off',
    targets: [],
    rules: [
      {
        id: 'norway',
        conditions: [{ attribute: 'country', operator: 'in', values: ['NO'] }],
        serve: {
          rollout: {
            variations: [
              { variant: 'on', weight: 5000 },
              { variant: 'off', weight: 95000 },
            ],
          },
        },
      },
    ],
    defaultServe: { variant: 'off' },
    ...overrides,
  };
}

import type { FlagConfig } from '@tripswitch/sdk/protocol';
import { liveBrowserTripswitch } from '../sdk/browser-live.ts';
import { uniqueKey } from '../support/factories.ts';

/**
 * A real Tripswitch server (server and client tokens for `production`) with one flag of each kind,
 * all on in production:
 * - `checkout` (boolean): on for the target `ada` and for Norway (rule `norway`), else off;
 * - `banner` (string): always `blue` (a static flag);
 * - `limit` (number): 10 by default, 20 for the plan `pro`;
 * - `theme` (json): `{ color: 'dark' }`;
 * - `split` (boolean): a 50/50 rollout by context key.
 * Call close() after.
 */
export async function liveOfrep() {
  const tripswitch = await liveBrowserTripswitch();
  const { admin } = tripswitch;
  const params = (flagKey: string) => ({ flagKey, environment: 'production' });

  async function flag(body: Record<string, unknown>, config: (current: FlagConfig) => FlagConfig) {
    const key = uniqueKey(String(body.key));
    await admin.call('createFlag', { body: { ...body, key } as never });
    const current = await admin.call('getFlagEnvironment', { params: params(key) });
    await admin.call('updateFlagEnvironment', {
      params: params(key),
      body: { baseVersion: current.version, config: { ...config(current.config), on: true } },
    });
    return key;
  }

  const checkout = await flag({ key: 'checkout' }, (config) => ({
    ...config,
    targets: [{ variant: 'on', values: ['ada'] }],
    rules: [
      {
        id: 'norway',
        conditions: [{ attribute: 'country', operator: 'in', values: ['NO'] }],
        serve: { variant: 'on' },
      },
    ],
    defaultServe: { variant: 'off' },
  }));
  const banner = await flag(
    {
      key: 'banner',
      kind: 'string',
      variants: [
        { key: 'blue', value: 'blue' },
        { key: 'red', value: 'red' },
      ],
    },
    (config) => ({ ...config, defaultServe: { variant: 'blue' } }),
  );
  const limit = await flag(
    {
      key: 'limit',
      kind: 'number',
      variants: [
        { key: 'ten', value: 10 },
        { key: 'twenty', value: 20 },
      ],
    },
    (config) => ({
      ...config,
      rules: [
        {
          id: 'pro',
          conditions: [{ attribute: 'plan', operator: 'in', values: ['pro'] }],
          serve: { variant: 'twenty' },
        },
      ],
      defaultServe: { variant: 'ten' },
    }),
  );
  const theme = await flag(
    {
      key: 'theme',
      kind: 'json',
      variants: [
        { key: 'dark', value: { color: 'dark' } },
        { key: 'light', value: { color: 'light' } },
      ],
    },
    (config) => ({ ...config, defaultServe: { variant: 'dark' } }),
  );
  const split = await flag({ key: 'split' }, (config) => ({
    ...config,
    defaultServe: {
      rollout: {
        variations: [
          { variant: 'on', weight: 50000 },
          { variant: 'off', weight: 50000 },
        ],
      },
    },
  }));

  return {
    ...tripswitch,
    flags: { checkout, banner, limit, theme, split },
    /** The admin token: valid, but not for OFREP. */
    adminKey: tripswitch.server.adminToken,
  };
}

/** A fetch that records what each OFREP call sent and got. */
export function recordedFetch() {
  const exchanges: Array<{
    url: string;
    ifNoneMatch: string | null;
    status: number;
    etag: string | null;
  }> = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await globalThis.fetch(request);
    exchanges.push({
      url: request.url,
      ifNoneMatch: request.headers.get('if-none-match'),
      status: response.status,
      etag: response.headers.get('etag'),
    });
    return response;
  };
  return { fetch, exchanges };
}

import { OpenFeature, ProviderEvents, ProviderStatus } from '@openfeature/server-sdk';
import { OpenFeature as WebOpenFeature } from '@openfeature/web-sdk';
import { createClient, type Logger } from '@tripswitch/sdk';
import { TripswitchServerProvider } from '@tripswitch/sdk/openfeature';
import { TripswitchWebProvider } from '@tripswitch/sdk/openfeature/web';
import { afterAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { liveTripswitch } from './live.ts';

// The OpenFeature providers against a real Tripswitch server, driven through the OpenFeature SDKs.

afterAll(async () => {
  await OpenFeature.close();
  await WebOpenFeature.close();
});

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

async function live() {
  const tripswitch = await liveTripswitch();
  onTestFinished(() => tripswitch.close());
  return tripswitch;
}

// Created once the flags are set up, so the first snapshot already has them.
function clientOf(tripswitch: Awaited<ReturnType<typeof live>>) {
  const client = createClient({
    url: tripswitch.server.url,
    sdkKey: tripswitch.sdkKey,
    pollIntervalMs: 20,
    logger: quiet,
  });
  onTestFinished(() => client.close());
  return client;
}

describe('the OpenFeature providers against a real server', () => {
  it('server provider: targets by targeting key, and announces a kill as CONFIGURATION_CHANGED', async () => {
    const tripswitch = await live();
    const key = await tripswitch.flag();
    const environment = { flagKey: key, environment: 'production' };
    const current = await tripswitch.admin.call('getFlagEnvironment', { params: environment });
    await tripswitch.admin.call('updateFlagEnvironment', {
      params: environment,
      body: {
        baseVersion: current.version,
        config: {
          ...current.config,
          targets: [{ variant: 'on', values: ['ada'] }],
          defaultServe: { variant: 'off' },
        },
      },
    });
    const provider = new TripswitchServerProvider(clientOf(tripswitch));
    await OpenFeature.setProviderAndWait('live-server', provider);
    const features = OpenFeature.getClient('live-server');
    expect(features.providerStatus).toBe(ProviderStatus.READY);
    expect(await features.getBooleanDetails(key, false, { targetingKey: 'ada' })).toMatchObject({
      value: true,
      variant: 'on',
      reason: 'TARGETING_MATCH',
      flagMetadata: { flagVersion: current.version + 1 },
    });
    expect(await features.getBooleanValue(key, true, { targetingKey: 'bob' })).toBe(false);

    const changed: string[][] = [];
    features.addHandler(ProviderEvents.ConfigurationChanged, (details) => {
      changed.push(details?.flagsChanged ?? []);
    });
    await tripswitch.kill(key);
    await vi.waitFor(() => expect(changed).toEqual([[key]]));
    expect(await features.getBooleanDetails(key, true, { targetingKey: 'ada' })).toMatchObject({
      value: false,
      reason: 'DISABLED',
    });
  });

  it('web provider: resolves synchronously for the static context and follows the server', async () => {
    const tripswitch = await live();
    const key = await tripswitch.flag();
    await WebOpenFeature.setContext('live-web', { targetingKey: 'user-1' });
    await WebOpenFeature.setProviderAndWait(
      'live-web',
      new TripswitchWebProvider(clientOf(tripswitch)),
    );
    const features = WebOpenFeature.getClient('live-web');
    expect(features.getBooleanValue(key, false)).toBe(true);
    await tripswitch.kill(key);
    await vi.waitFor(() => expect(features.getBooleanValue(key, true)).toBe(false));
  });
});

import { OpenFeature, ProviderEvents, ProviderStatus } from '@openfeature/web-sdk';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createClient } from '../client/client.ts';
import { capturingLogger } from '../client/testing/logger.ts';
import { startSnapshotServer } from '../client/testing/snapshot-server.ts';
import { booleanFlag, snapshotOf } from '../client/testing/snapshots.ts';
import { TripswitchWebProvider } from './web.ts';

afterAll(() => OpenFeature.close());

const newCheckout = (overrides = {}) =>
  booleanFlag('new-checkout', {
    targets: [{ variant: 'on', values: ['ada'] }],
    defaultServe: { variant: 'off' },
    ...overrides,
  });

describe('TripswitchWebProvider through @openfeature/web-sdk', () => {
  it('resolves synchronously for the static context, and follows a context change', async () => {
    const client = createClient({ offline: true, bootstrap: snapshotOf(1, [newCheckout()]) });
    await OpenFeature.setContext('web-static', { targetingKey: 'ada' });
    await OpenFeature.setProviderAndWait('web-static', new TripswitchWebProvider(client));
    const features = OpenFeature.getClient('web-static');
    expect(features.getBooleanDetails('new-checkout', false)).toMatchObject({
      value: true,
      variant: 'on',
      reason: 'TARGETING_MATCH',
      flagMetadata: { flagVersion: 1 },
    });
    await OpenFeature.setContext('web-static', { targetingKey: 'bob' });
    expect(features.getBooleanValue('new-checkout', true)).toBe(false);
  });

  it('is FATAL when the server refuses the SDK key', async () => {
    const server = await startSnapshotServer({ status: 403 });
    const client = createClient({
      url: server.url,
      sdkKey: 'tss_test',
      logger: capturingLogger().logger,
    });
    await expect(
      OpenFeature.setProviderAndWait('web-refused', new TripswitchWebProvider(client)),
    ).rejects.toThrow(/refused the SDK key/);
    const features = OpenFeature.getClient('web-refused');
    expect(features.providerStatus).toBe(ProviderStatus.FATAL);
    expect(features.getBooleanDetails('new-checkout', true).errorCode).toBe('PROVIDER_FATAL');
    await client.close();
    await server.close();
  });

  it('emits CONFIGURATION_CHANGED when the kill switch is flipped on the server', async () => {
    const server = await startSnapshotServer({ snapshot: snapshotOf(1, [newCheckout()]) });
    const client = createClient({
      url: server.url,
      sdkKey: 'tss_test',
      pollIntervalMs: 10,
      logger: capturingLogger().logger,
    });
    await OpenFeature.setContext('web-live', { targetingKey: 'ada' });
    await OpenFeature.setProviderAndWait('web-live', new TripswitchWebProvider(client));
    const features = OpenFeature.getClient('web-live');
    const changed: string[][] = [];
    features.addHandler(ProviderEvents.ConfigurationChanged, (details) => {
      changed.push(details?.flagsChanged ?? []);
    });
    expect(features.getBooleanValue('new-checkout', false)).toBe(true);
    server.answer({ snapshot: snapshotOf(2, [newCheckout({ on: false, version: 2 })]) });
    await vi.waitFor(() => expect(changed).toEqual([['new-checkout']]));
    expect(features.getBooleanValue('new-checkout', true)).toBe(false);
    await OpenFeature.close();
    expect(client.status).toBe('closed');
    await server.close();
  });
});

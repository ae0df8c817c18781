import { OpenFeature, ProviderEvents, ProviderStatus } from '@openfeature/server-sdk';
import { afterAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createClient } from '../client/client.ts';
import { capturingLogger } from '../client/testing/logger.ts';
import { type Answer, startSnapshotServer } from '../client/testing/snapshot-server.ts';
import { booleanFlag, snapshotOf, valueFlag } from '../client/testing/snapshots.ts';
import { TripswitchServerProvider } from './index.ts';

afterAll(() => OpenFeature.close());

const flags = [
  booleanFlag('new-checkout', {
    targets: [{ variant: 'on', values: ['ada'] }],
    defaultServe: { variant: 'off' },
    version: 4,
  }),
  valueFlag('banner', 'string', ['blue', 'red']),
  valueFlag('limits', 'json', [{ max: 3 }]),
];

let domains = 0;
async function serve(answer: Answer, readyTimeoutMs = 2_000) {
  const server = await startSnapshotServer(answer);
  const client = createClient({
    url: server.url,
    sdkKey: 'tss_test',
    pollIntervalMs: 10,
    backoff: { initialMs: 5, maxMs: 20 },
    logger: capturingLogger().logger,
  });
  const domain = `server-provider-${++domains}`;
  const provider = new TripswitchServerProvider(client, { readyTimeoutMs });
  onTestFinished(() => server.close());
  onTestFinished(() => client.close());
  return { server, client, provider, domain, features: OpenFeature.getClient(domain) };
}

describe('TripswitchServerProvider through @openfeature/server-sdk', () => {
  it('resolves flags with variant, reason and flag metadata, keyed by the targeting key', async () => {
    const { provider, domain, features } = await serve({ snapshot: snapshotOf(1, flags) });
    await OpenFeature.setProviderAndWait(domain, provider);
    expect(features.metadata.providerMetadata.name).toBe('Tripswitch');
    const targeted = await features.getBooleanDetails('new-checkout', false, {
      targetingKey: 'ada',
    });
    expect(targeted).toMatchObject({
      value: true,
      variant: 'on',
      reason: 'TARGETING_MATCH',
      flagMetadata: { flagVersion: 4 },
    });
    expect(await features.getBooleanValue('new-checkout', true, { targetingKey: 'bob' })).toBe(
      false,
    );
    expect(await features.getStringValue('banner', 'none')).toBe('blue');
    expect(await features.getObjectValue('limits', {})).toEqual({ max: 3 });
  });

  it("serves the caller's default with OpenFeature's error codes", async () => {
    const { provider, domain, features } = await serve({ snapshot: snapshotOf(1, flags) });
    await OpenFeature.setProviderAndWait(domain, provider);
    expect(await features.getStringDetails('new-checkout', 'fallback')).toMatchObject({
      value: 'fallback',
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
    });
    expect(await features.getNumberDetails('no-such-flag', 7)).toMatchObject({
      value: 7,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    });
  });

  it('emits CONFIGURATION_CHANGED with the flags that changed', async () => {
    const { server, provider, domain, features } = await serve({ snapshot: snapshotOf(1, flags) });
    await OpenFeature.setProviderAndWait(domain, provider);
    const changed: string[][] = [];
    features.addHandler(ProviderEvents.ConfigurationChanged, (details) => {
      changed.push(details?.flagsChanged ?? []);
    });
    const killed = booleanFlag('new-checkout', { on: false, version: 5 });
    server.answer({ snapshot: snapshotOf(2, [killed, ...flags.slice(1)]) });
    await vi.waitFor(() => expect(changed).toEqual([['new-checkout']]));
    expect(await features.getBooleanValue('new-checkout', true, { targetingKey: 'ada' })).toBe(
      false,
    );
  });

  it('goes STALE while the server is down, still serving, and READY once it is back', async () => {
    const { server, provider, domain, features } = await serve({ snapshot: snapshotOf(1, flags) });
    await OpenFeature.setProviderAndWait(domain, provider);
    const events: string[] = [];
    features.addHandler(ProviderEvents.Stale, () => events.push('stale'));
    features.addHandler(ProviderEvents.Ready, () => events.push('ready'));
    server.answer({ status: 503 });
    await vi.waitFor(() => expect(features.providerStatus).toBe(ProviderStatus.STALE));
    expect(await features.getStringValue('banner', 'none')).toBe('blue');
    server.answer({ snapshot: snapshotOf(1, flags) });
    await vi.waitFor(() => expect(features.providerStatus).toBe(ProviderStatus.READY));
    // OpenFeature runs a READY handler at once when added to a ready provider: hence the first one.
    expect(events).toEqual(['ready', 'stale', 'ready']);
  });

  it('reports ERROR when the client cannot get ready in time, then READY when it does', async () => {
    const { server, provider, domain, features } = await serve({ status: 503 }, 100);
    await expect(OpenFeature.setProviderAndWait(domain, provider)).rejects.toThrow(
      /not ready within 100 ms/,
    );
    expect(features.providerStatus).toBe(ProviderStatus.ERROR);
    server.answer({ snapshot: snapshotOf(1, flags) });
    await vi.waitFor(() => expect(features.providerStatus).toBe(ProviderStatus.READY));
    expect(await features.getStringValue('banner', 'none')).toBe('blue');
  });

  it('is FATAL when the server refuses the SDK key, and evaluations say PROVIDER_FATAL', async () => {
    const { provider, domain, features } = await serve({ status: 401 });
    await expect(OpenFeature.setProviderAndWait(domain, provider)).rejects.toThrow(
      /refused the SDK key/,
    );
    expect(features.providerStatus).toBe(ProviderStatus.FATAL);
    expect(await features.getStringDetails('banner', 'none')).toMatchObject({
      value: 'none',
      reason: 'ERROR',
      errorCode: 'PROVIDER_FATAL',
    });
  });

  it('forwards tracking events to the client, with the targeting key as the context key', async () => {
    const { client, provider, domain, features } = await serve({ snapshot: snapshotOf(1, flags) });
    const track = vi.fn();
    Object.assign(client, { track });
    await OpenFeature.setProviderAndWait(domain, provider);
    features.track('checkout-completed', { targetingKey: 'ada', plan: 'pro' }, { value: 30 });
    expect(track).toHaveBeenCalledWith(
      'checkout-completed',
      { key: 'ada', plan: 'pro' },
      { value: 30 },
    );
  });

  it('closes the client when OpenFeature closes the provider', async () => {
    const { client, provider, domain } = await serve({ snapshot: snapshotOf(1, flags) });
    await OpenFeature.setProviderAndWait(domain, provider);
    await OpenFeature.close();
    expect(client.status).toBe('closed');
  });
});

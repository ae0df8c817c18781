import { OpenFeature, ProviderEvents, ProviderStatus } from '@openfeature/web-sdk';
import { afterAll, afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createBrowserClient } from '../client/browser/client.ts';
import {
  type Evaluate,
  served,
  startEvaluationServer,
} from '../client/testing/evaluations-server.ts';
import { capturingLogger } from '../client/testing/logger.ts';
import { TripswitchWebProvider } from './web.ts';

// The web provider over a browser client (client token): OpenFeature's static context decides
// whose results are fetched.

afterEach(() => vi.restoreAllMocks());
afterAll(() => OpenFeature.close());

const evaluate: Evaluate = (context) => ({
  'new-checkout': served(context.key === 'ada'),
  banner: served(`for ${String(context.plan ?? 'free')}`),
});

async function browserClient() {
  const server = await startEvaluationServer(evaluate);
  const client = createBrowserClient({
    url: server.url,
    sdkKey: 'tsc_test',
    context: { key: 'someone' },
    backoff: { initialMs: 5, maxMs: 20 },
    logger: capturingLogger().logger,
  });
  onTestFinished(() => server.close());
  return { server, client };
}

describe('TripswitchWebProvider over a browser client', () => {
  it("fetches the results of OpenFeature's context, and of each new one", async () => {
    const { server, client } = await browserClient();
    await OpenFeature.setContext('browser-context', { targetingKey: 'ada', plan: 'pro' });
    await OpenFeature.setProviderAndWait('browser-context', new TripswitchWebProvider(client));
    const features = OpenFeature.getClient('browser-context');
    expect(client.context).toEqual({ key: 'ada', plan: 'pro' });
    expect(features.getBooleanValue('new-checkout', false)).toBe(true);
    expect(features.getStringDetails('banner', '')).toMatchObject({
      value: 'for pro',
      reason: 'STATIC',
      flagMetadata: { flagVersion: 1 },
    });

    await OpenFeature.setContext('browser-context', { targetingKey: 'bob' });
    expect(features.providerStatus).toBe(ProviderStatus.READY);
    expect(features.getBooleanValue('new-checkout', true)).toBe(false);
    expect(features.getStringValue('banner', '')).toBe('for free');
    // (The request for the client's own context, dropped at once, may have reached the server.)
    expect(
      server
        .evaluations()
        .map((request) => request.context)
        .slice(-2),
    ).toEqual([{ key: 'ada', plan: 'pro' }, { key: 'bob' }]);
  });

  it('emits CONFIGURATION_CHANGED when a change reaches the results live', async () => {
    const { server, client } = await browserClient();
    await OpenFeature.setContext('browser-live', { targetingKey: 'ada' });
    await OpenFeature.setProviderAndWait('browser-live', new TripswitchWebProvider(client));
    const features = OpenFeature.getClient('browser-live');
    const changed: string[][] = [];
    features.addHandler(ProviderEvents.ConfigurationChanged, (details) => {
      changed.push(details?.flagsChanged ?? []);
    });
    await vi.waitFor(() => expect(server.openStreams()).toBe(1));
    server.publish(2, (context) => ({ ...evaluate(context), 'new-checkout': served(false) }));
    await vi.waitFor(() => expect(changed).toEqual([['new-checkout']]));
    expect(features.getBooleanValue('new-checkout', true)).toBe(false);
    await OpenFeature.close();
    expect(client.status).toBe('closed');
  });

  it('says CACHED for results the server has not confirmed, and its own reasons once it has', async () => {
    const server = await startEvaluationServer(evaluate);
    onTestFinished(() => server.close());
    server.answer(503);
    const client = createBrowserClient({
      url: server.url,
      sdkKey: 'tsc_test',
      context: { key: 'ada' },
      // What the page's server evaluated while rendering it.
      bootstrap: {
        schemaVersion: 1,
        environment: 'production',
        revision: 1,
        flags: evaluate({ key: 'ada' }),
      },
      backoff: { initialMs: 5, maxMs: 20 },
      logger: capturingLogger().logger,
    });
    await OpenFeature.setProviderAndWait('browser-cached', new TripswitchWebProvider(client));
    const features = OpenFeature.getClient('browser-cached');
    // The bootstrap serves, and the server's 503 makes it a last known result.
    await vi.waitFor(() => expect(client.status).toBe('stale'));
    expect(features.getBooleanDetails('new-checkout', false)).toMatchObject({
      value: true,
      variant: 'true',
      reason: 'CACHED',
    });
    // An error is still an error, whatever the results' age.
    expect(features.getBooleanDetails('no-such-flag', false).reason).toBe('ERROR');
    server.answer(200);
    await vi.waitFor(() => expect(client.status).toBe('ready'));
    expect(features.getBooleanDetails('new-checkout', false).reason).toBe('STATIC');
  });

  it('goes to ERROR when the results of a new context cannot be fetched, READY once they are', async () => {
    // OpenFeature logs the failed reconciliation to the console: expected here.
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { server, client } = await browserClient();
    await OpenFeature.setProviderAndWait('browser-down', new TripswitchWebProvider(client));
    const features = OpenFeature.getClient('browser-down');
    expect(client.context).toEqual({ key: 'someone' });
    server.answer(503);
    await OpenFeature.setContext('browser-down', { targetingKey: 'ada' });
    expect(features.providerStatus).toBe(ProviderStatus.ERROR);
    expect(features.getBooleanValue('new-checkout', true)).toBe(false);
    server.answer(200);
    await vi.waitFor(() => expect(features.providerStatus).toBe(ProviderStatus.READY));
    await vi.waitFor(() => expect(features.getBooleanValue('new-checkout', false)).toBe(true));
  });
});

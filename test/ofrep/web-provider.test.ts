import { OFREPWebProvider } from '@openfeature/ofrep-web-provider';
import {
  ErrorCode,
  NOOP_PROVIDER,
  OpenFeature,
  ProviderEvents,
  ProviderStatus,
} from '@openfeature/web-sdk';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { liveOfrep, recordedFetch } from './live.ts';

// OpenFeature's own OFREP provider for browsers (@openfeature/ofrep-web-provider, static
// context: one bulk POST /ofrep/v1/evaluate/flags, then local answers) through
// @openfeature/web-sdk with a client token. It runs in Node as in a page: fetch is Node's, and
// EventSource (which Node 20 lacks) is the `eventsource` package, a WHATWG implementation.

type Live = Awaited<ReturnType<typeof liveOfrep>>;
let live: Live;
beforeAll(async () => {
  live = await liveOfrep();
  (globalThis as { EventSource?: unknown }).EventSource = EventSource;
});
afterAll(async () => {
  await OpenFeature.close();
  delete (globalThis as { EventSource?: unknown }).EventSource;
  await live.close();
});

type Options = Partial<ConstructorParameters<typeof OFREPWebProvider>[0]>;

async function clientWith(domain: string, context: Record<string, string>, options: Options = {}) {
  const { fetch, exchanges } = recordedFetch();
  const provider = new OFREPWebProvider({
    baseUrl: live.server.url,
    // A list of pairs: this provider's headers cannot be a plain object.
    headers: [['Authorization', `Bearer ${live.clientKey}`]],
    fetchImplementation: fetch,
    cacheMode: 'disabled',
    ...options,
  });
  await OpenFeature.setContext(domain, context);
  await OpenFeature.setProviderAndWait(domain, provider);
  // Replaced, the provider is closed: its event stream with it.
  onTestFinished(() => OpenFeature.setProviderAndWait(domain, NOOP_PROVIDER));
  return { client: OpenFeature.getClient(domain), exchanges };
}

describe('@openfeature/ofrep-web-provider against Tripswitch', () => {
  it('resolves every kind locally for the static context, with reasons, variants and errors', async () => {
    const { client } = await clientWith('web-values', { targetingKey: 'ada', plan: 'pro' });
    const { checkout, banner, limit, theme, split } = live.flags;
    expect(client.getBooleanDetails(checkout, false)).toMatchObject({
      value: true,
      variant: 'on',
      reason: 'TARGETING_MATCH',
      flagMetadata: { flagVersion: 2 },
    });
    expect(client.getStringDetails(banner, 'red')).toMatchObject({
      value: 'blue',
      reason: 'STATIC',
    });
    expect(client.getNumberValue(limit, 0)).toBe(20);
    expect(client.getObjectValue(theme, {})).toEqual({ color: 'dark' });
    expect(client.getBooleanDetails(split, false).reason).toBe('SPLIT');
    expect(client.getBooleanDetails('no-such-flag', true)).toMatchObject({
      value: true,
      errorCode: ErrorCode.FLAG_NOT_FOUND,
    });
    expect(client.getStringDetails(checkout, 'x')).toMatchObject({
      value: 'x',
      errorCode: ErrorCode.TYPE_MISMATCH,
    });
  });

  it('sees a kill live over the event stream: a refetch with the event ETag, 304 when nothing changed', async () => {
    const key = await live.flag();
    const { client, exchanges } = await clientWith('web-sse', { targetingKey: 'ada' });
    expect(client.getBooleanValue(key, false)).toBe(true);
    // The stream's first event asks for a refetch, which finds nothing new.
    await vi.waitFor(() =>
      expect(exchanges.map((exchange) => exchange.status)).toEqual([200, 304]),
    );
    const [first, refetch] = exchanges;
    expect(refetch?.ifNoneMatch).toBe(first?.etag);
    expect(new URL(refetch?.url as string).searchParams.get('flagConfigEtag')).toMatch(/^"\d+"$/);

    const changed: string[][] = [];
    client.addHandler(ProviderEvents.ConfigurationChanged, (details) => {
      changed.push(details?.flagsChanged ?? []);
    });
    await live.kill(key);
    await vi.waitFor(() => expect(client.getBooleanValue(key, true)).toBe(false));
    expect(client.getBooleanDetails(key, true)).toMatchObject({
      reason: 'DISABLED',
      variant: 'off',
    });
    expect(changed).toEqual([[key]]);
    expect(exchanges.at(-1)).toMatchObject({ status: 200, ifNoneMatch: first?.etag });
    expect(exchanges.at(-1)?.etag).not.toBe(first?.etag);
  });

  it('polls with If-None-Match when told to: 304 while nothing changes, 200 with a new ETag after a kill', async () => {
    const key = await live.flag();
    const { client, exchanges } = await clientWith(
      'web-polling',
      { targetingKey: 'ada' },
      { changeDetection: 'polling', pollInterval: 50 },
    );
    await vi.waitFor(() => expect(exchanges.length).toBeGreaterThanOrEqual(3));
    const etag = exchanges[0]?.etag;
    expect(exchanges.slice(1, 3)).toEqual([
      expect.objectContaining({ status: 304, ifNoneMatch: etag }),
      expect.objectContaining({ status: 304, ifNoneMatch: etag }),
    ]);
    await live.kill(key);
    await vi.waitFor(() => expect(client.getBooleanValue(key, true)).toBe(false));
    const killed = exchanges.find((exchange) => exchange.status === 200 && exchange.etag !== etag);
    expect(killed?.ifNoneMatch).toBe(etag);
  });

  it('evaluates again for a new context, even one that keeps the targeting key', async () => {
    const { client } = await clientWith('web-context', { targetingKey: 'bob' });
    expect(client.getBooleanValue(live.flags.checkout, true)).toBe(false);
    await OpenFeature.setContext('web-context', { targetingKey: 'bob', country: 'NO' });
    expect(client.getBooleanDetails(live.flags.checkout, false)).toMatchObject({
      value: true,
      flagMetadata: { ruleId: 'norway' },
    });
  });

  it('is FATAL with a token Tripswitch refuses, and serves defaults', async () => {
    const provider = new OFREPWebProvider({
      baseUrl: live.server.url,
      headers: [['Authorization', 'Bearer tsc_not-a-token']],
      cacheMode: 'disabled',
    });
    await expect(OpenFeature.setProviderAndWait('web-refused', provider)).rejects.toThrow();
    const client = OpenFeature.getClient('web-refused');
    expect(client.providerStatus).toBe(ProviderStatus.FATAL);
    expect(client.getStringValue(live.flags.banner, 'red')).toBe('red');
  });
});

import {
  type BrowserClient,
  type BrowserClientOptions,
  createBrowserClient,
  type FlagChange,
} from '@tripswitch/sdk';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { liveBrowserTripswitch, quiet, RESULT_FIELDS, wireTap } from './browser-live.ts';
import { portOf } from './live.ts';

// The browser client (a client token) against a real Tripswitch server: results come from
// POST /sdk/v1/evaluate, and the client stream's revision pings make it fetch them again.

async function live() {
  const tripswitch = await liveBrowserTripswitch();
  onTestFinished(() => tripswitch.close());
  return tripswitch;
}

function browserClient(options: BrowserClientOptions): BrowserClient {
  const client = createBrowserClient({
    backoff: { initialMs: 10, maxMs: 50 },
    logger: quiet,
    ...options,
  });
  onTestFinished(() => client.close());
  return client;
}

const evaluateRequests = (tap: ReturnType<typeof wireTap>) =>
  tap.exchanges.filter((exchange) => exchange.path === '/sdk/v1/evaluate');

/** Resolves once the client stream is open and has said its revision. */
const streamOpen = (tap: ReturnType<typeof wireTap>) =>
  vi.waitFor(() =>
    expect(tap.exchanges.some((exchange) => exchange.text.includes('event: revision'))).toBe(true),
  );

describe('the browser client against a real server', () => {
  it('gets evaluated results with a client token, and never the rules behind them', async () => {
    const tripswitch = await live();
    const key = await tripswitch.secretFlag();
    const tap = wireTap();
    const client = browserClient({
      url: tripswitch.server.url,
      sdkKey: tripswitch.clientKey,
      context: { key: 'ada', email: 'ada@secret-corp.example' },
      platform: { fetch: tap.fetch },
    });
    await client.ready({ timeoutMs: 5_000 });
    expect(client.status).toBe('ready');
    expect(client.variationDetail(key, client.context, false)).toMatchObject({
      value: true,
      variant: 'on',
      reason: 'TARGETING_MATCH',
      ruleIndex: 0,
      ruleId: 'secret-corp',
    });
    expect(client.variationDetail(key, client.context, 'x').errorCode).toBe('TYPE_MISMATCH');
    await streamOpen(tap);

    expect(new Set(tap.exchanges.map((exchange) => exchange.path))).toEqual(
      new Set(['/sdk/v1/evaluate', '/sdk/v1/client-stream']),
    );
    const [evaluated] = evaluateRequests(tap);
    const results = JSON.parse(evaluated?.text ?? '{}').flags as Record<string, object>;
    expect(Object.keys(results)).toEqual([key]);
    expect(results[key]).toMatchObject({ kind: 'boolean' });
    for (const result of Object.values(results)) {
      for (const field of Object.keys(result)) expect(RESULT_FIELDS).toContain(field);
    }
    // Neither the targets, nor the rule's condition, nor the bucketing salt ever travel.
    for (const exchange of tap.exchanges) {
      for (const secret of ['vip-4242', 'secret-corp.example', 'endsWith', 'salt', 'conditions']) {
        expect(exchange.text).not.toContain(secret);
      }
    }
    const snapshot = await fetch(`${tripswitch.server.url}/sdk/v1/snapshot`, {
      headers: { authorization: `Bearer ${tripswitch.clientKey}` },
    });
    expect(snapshot.status).toBe(403);
    expect(await snapshot.text()).not.toContain('vip-4242');
  });

  it('hears a kill made through the REST API live, over the client stream', async () => {
    const tripswitch = await live();
    const key = await tripswitch.flag();
    const other = await tripswitch.flag();
    const tap = wireTap();
    // Polling every minute: only the stream can bring the kill within the test.
    const client = browserClient({
      url: tripswitch.server.url,
      sdkKey: tripswitch.clientKey,
      context: { key: 'user-1' },
      pollIntervalMs: 60_000,
      platform: { fetch: tap.fetch },
    });
    await client.ready({ timeoutMs: 5_000 });
    await streamOpen(tap);
    const changes: FlagChange[] = [];
    client.on('change', (change) => changes.push(change));
    const before = client.revision ?? 0;

    await tripswitch.kill(key);
    await vi.waitFor(() => expect(client.isEnabled(key, client.context, true)).toBe(false));
    expect(client.revision).toBeGreaterThan(before);
    expect(changes).toEqual([{ flags: [key], revision: client.revision }]);
    expect(client.isEnabled(other, client.context)).toBe(true);
    // One request at start, one for the revision the kill made.
    expect(evaluateRequests(tap)).toHaveLength(2);
  });

  it('fetches the results of each new context identify gives it', async () => {
    const tripswitch = await live();
    const key = await tripswitch.secretFlag();
    const tap = wireTap();
    const client = browserClient({
      url: tripswitch.server.url,
      sdkKey: tripswitch.clientKey,
      context: { key: 'bob' },
      platform: { fetch: tap.fetch },
    });
    await client.ready({ timeoutMs: 5_000 });
    expect(client.variationDetail(key, client.context, true)).toMatchObject({
      value: false,
      reason: 'DEFAULT',
    });

    await client.identify({ key: 'vip-4242' });
    expect(client.variationDetail(key, client.context, false)).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
    });
    await client.identify({ key: 'carol', email: 'carol@secret-corp.example' });
    expect(client.variationDetail(key, client.context, false)).toMatchObject({
      value: true,
      ruleId: 'secret-corp',
    });
    expect(evaluateRequests(tap)).toHaveLength(3);
  });

  it('keeps serving its last results while the server is down, then catches up', async () => {
    const tripswitch = await live();
    const key = await tripswitch.flag();
    // The client talks to a replica that will go down; the kill goes through the main server.
    const replica = await tripswitch.replica();
    const port = portOf(replica.url);
    const client = browserClient({
      url: replica.url,
      sdkKey: tripswitch.clientKey,
      context: { key: 'user-1' },
      pollIntervalMs: 50,
    });
    await client.ready({ timeoutMs: 5_000 });

    await replica.app.close();
    await vi.waitFor(() => expect(client.status).toBe('stale'), { timeout: 5_000 });
    await tripswitch.kill(key);
    expect(client.isEnabled(key, client.context)).toBe(true);

    await tripswitch.replica(port);
    await vi.waitFor(() => expect(client.status).toBe('ready'), { timeout: 5_000 });
    await vi.waitFor(() => expect(client.isEnabled(key, client.context, true)).toBe(false));
  });

  it('fails ready() at once with a clear error when the client token is revoked', async () => {
    const tripswitch = await live();
    const [token] = (await tripswitch.admin.call('listTokens', {})).items.filter(
      (item) => item.kind === 'client',
    );
    await tripswitch.admin.call('revokeToken', { params: { tokenId: token?.id ?? '' } });
    const client = browserClient({ url: tripswitch.server.url, sdkKey: tripswitch.clientKey });
    await expect(client.ready({ timeoutMs: 5_000 })).rejects.toThrow(
      /refused the SDK key \(HTTP 401\)/,
    );
    expect(client.status).toBe('error');
  });
});

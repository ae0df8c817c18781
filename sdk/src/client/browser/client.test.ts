import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { EvaluationContext } from '../../protocol/evaluation.ts';
import { createClient } from '../client.ts';
import { type Evaluate, served, startEvaluationServer } from '../testing/evaluations-server.ts';
import { capturingLogger } from '../testing/logger.ts';
import type { BrowserClient, FlagChange } from '../types.ts';
import { createBrowserClient } from './client.ts';
import type { BrowserClientOptions } from './options.ts';

// The browser client against a scripted server on port 0 that answers like Tripswitch does to a
// client token: results for the posted context, and revision pings on the client stream.

const fast = { pollIntervalMs: 20, backoff: { initialMs: 5, maxMs: 20 } } as const;

/** ada is in the new checkout; everyone else is not. */
const checkout: Evaluate = (context) => ({
  'new-checkout': served(context.key === 'ada', context.key === 'ada' ? 'on' : 'off'),
  banner: served('blue'),
});

async function online(
  evaluate: Evaluate = checkout,
  options: Partial<BrowserClientOptions> = {},
  revision = 1,
) {
  const server = await startEvaluationServer(evaluate, revision);
  onTestFinished(() => server.close());
  const { logger, lines } = capturingLogger();
  const client = createBrowserClient({
    url: server.url,
    sdkKey: 'tsc_test',
    context: { key: 'ada' },
    logger,
    ...fast,
    ...options,
  });
  onTestFinished(() => client.close());
  return { server, client, lines };
}

function changesOf(client: BrowserClient): FlagChange[] {
  const changes: FlagChange[] = [];
  client.on('change', (change) => changes.push(change));
  return changes;
}

describe('createBrowserClient', () => {
  it('serves defaults with PROVIDER_NOT_READY, then the results for its context', async () => {
    const { server, client } = await online();
    server.hold();
    expect(client.status).toBe('initializing');
    expect(client.variationDetail('new-checkout', client.context, false)).toMatchObject({
      value: false,
      reason: 'ERROR',
      errorCode: 'PROVIDER_NOT_READY',
    });
    server.release();
    await client.ready({ timeoutMs: 2_000 });
    expect(client.status).toBe('ready');
    expect(client.revision).toBe(1);
    expect(client.isEnabled('new-checkout', client.context)).toBe(true);
    expect(client.variationDetail('new-checkout', client.context, false)).toMatchObject({
      value: true,
      variant: 'on',
      reason: 'STATIC',
      flagVersion: 1,
    });
    expect(client.allFlags(client.context)).toEqual({ 'new-checkout': true, banner: 'blue' });
    expect(client.variation('no-such-flag', client.context, 3)).toBe(3);
    expect(client.variationDetail('banner', client.context, false).errorCode).toBe('TYPE_MISMATCH');
    const [request] = server.evaluations();
    expect(request?.context).toEqual({ key: 'ada' });
    expect(request?.headers.authorization).toBe('Bearer tsc_test');
  });

  it('refetches when a revision ping moves past its results, telling listeners what changed', async () => {
    const { server, client } = await online();
    await client.ready();
    const changes = changesOf(client);
    const flagChanges: FlagChange[] = [];
    client.onFlagChange('banner', (change) => flagChanges.push(change));
    server.publish(2, (context) => ({ ...checkout(context), banner: served('red') }));
    await vi.waitFor(() => expect(client.variation('banner', {}, '')).toBe('red'));
    expect(client.revision).toBe(2);
    expect(changes).toEqual([{ flags: ['banner'], revision: 2 }]);
    expect(flagChanges).toEqual(changes);
  });

  it('does not refetch for a revision ping its results already cover', async () => {
    const { server, client } = await online();
    await client.ready();
    await vi.waitFor(() => expect(server.openStreams()).toBe(1));
    const before = server.evaluations().length;
    server.publish(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.evaluations().length).toBe(before);
  });

  it('fetches a burst of revisions heard during a request once, after it', async () => {
    const { server, client } = await online();
    await client.ready();
    await vi.waitFor(() => expect(server.openStreams()).toBe(1));
    server.hold();
    server.publish(2);
    await vi.waitFor(() => expect(server.evaluations().length).toBe(2));
    for (const revision of [3, 4, 5, 6]) server.publish(revision);
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.release();
    await vi.waitFor(() => expect(client.revision).toBe(6));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The start, the first ping, and one request for the four pings that came while it was out.
    expect(server.evaluations().length).toBe(3);
  });

  it("waits a random share of the spread a ping asks for before fetching, and pings meanwhile don't push it back", async () => {
    const delays: number[] = [];
    const platform = {
      // Half the spread, every time.
      random: () => 0.5,
      setTimeout: (callback: () => void, ms: number) => {
        delays.push(ms);
        return setTimeout(callback, ms);
      },
    };
    const { server, client } = await online(checkout, { platform });
    await client.ready();
    await vi.waitFor(() => expect(server.openStreams()).toBe(1));
    const before = server.evaluations().length;
    delays.length = 0;
    server.publish(2, checkout, 2_000);
    await vi.waitFor(() => expect(delays).toContain(1_000));
    server.publish(3, checkout, 2_000);
    await vi.waitFor(() => expect(client.revision).toBe(3), { timeout: 5_000 });
    // One fetch, a second after the first ping, for both revisions.
    expect(server.evaluations().length).toBe(before + 1);
    expect(delays.filter((ms) => ms === 1_000)).toHaveLength(1);
  });

  it('identify fetches the new context at once, serving the previous results until they arrive', async () => {
    const { server, client } = await online();
    await client.ready();
    const changes = changesOf(client);
    server.hold();
    const identified = client.identify({ key: 'bob', plan: 'pro' });
    expect(client.context).toEqual({ key: 'bob', plan: 'pro' });
    await vi.waitFor(() => expect(server.evaluations().at(-1)?.context).toEqual(client.context));
    expect(client.isEnabled('new-checkout', client.context)).toBe(true);
    server.release();
    await identified;
    expect(client.isEnabled('new-checkout', client.context)).toBe(false);
    expect(changes).toEqual([{ flags: ['new-checkout'], revision: 1 }]);
    // The same context again (attributes in any order) needs nothing.
    const count = server.evaluations().length;
    await client.identify({ plan: 'pro', key: 'bob' });
    expect(server.evaluations().length).toBe(count);
  });

  it('identify settles overlapping calls together, with the last context', async () => {
    const { server, client } = await online();
    await client.ready();
    server.hold();
    const first = client.identify({ key: 'bob' });
    const second = client.identify({ key: 'ada' });
    server.release();
    await Promise.all([first, second]);
    expect(client.isEnabled('new-checkout', client.context)).toBe(true);
  });

  it('identify refuses a context JSON cannot hold, and changes nothing', async () => {
    const { client } = await online();
    await client.ready();
    const cyclic: EvaluationContext = { key: 'x' };
    cyclic.self = cyclic;
    await expect(client.identify(cyclic)).rejects.toThrow(/identify: context must be an object/);
    await expect(client.identify([] as never)).rejects.toThrow(TypeError);
    expect(client.context).toEqual({ key: 'ada' });
  });

  it('keeps serving its results while the server is down, polling, and recovers', async () => {
    const { server, client, lines } = await online();
    await client.ready();
    server.answer(503);
    server.publish(2, (context) => ({ ...checkout(context), banner: served('red') }));
    await vi.waitFor(() => expect(client.status).toBe('stale'));
    expect(client.variation('banner', {}, '')).toBe('blue');
    const polledWhileDown = server.evaluations().length;
    await vi.waitFor(() =>
      expect(server.evaluations().length).toBeGreaterThan(polledWhileDown + 2),
    );
    server.answer(200);
    await vi.waitFor(() => expect(client.status).toBe('ready'));
    expect(client.variation('banner', {}, '')).toBe('red');
    expect(lines).toContain('warn: evaluate request failed with HTTP 503');
    await vi.waitFor(() => expect(server.openStreams()).toBe(1));
  });

  it('polls only, with stream: false', async () => {
    const { server, client } = await online(checkout, { stream: false });
    await client.ready();
    server.publish(2, (context) => ({ ...checkout(context), banner: served('red') }));
    await vi.waitFor(() => expect(client.variation('banner', {}, '')).toBe('red'));
    expect(server.requests.some((request) => request.path === '/sdk/v1/client-stream')).toBe(false);
  });

  it('reconnects after the retry hint when the server ends the stream, catching up on the revision', async () => {
    const { server, client } = await online();
    await client.ready();
    await vi.waitFor(() => expect(server.openStreams()).toBe(1));
    server.hold();
    server.endStreams(30);
    server.publish(2, (context) => ({ ...checkout(context), banner: served('red') }));
    server.release();
    await vi.waitFor(() => expect(client.variation('banner', {}, '')).toBe('red'));
    const streams = server.requests.filter((request) => request.path === '/sdk/v1/client-stream');
    expect(streams.length).toBe(2);
    expect(streams[1]?.headers['last-event-id']).toBeUndefined();
  });

  it('stops for good and fails ready() when the server refuses the client token', async () => {
    const { server, client } = await online();
    server.answer(401);
    await expect(client.ready({ timeoutMs: 2_000 })).rejects.toThrow(
      /refused the SDK key \(HTTP 401\)/,
    );
    expect(client.status).toBe('error');
    await expect(client.identify({ key: 'bob' })).rejects.toThrow(/refused the SDK key/);
    const count = server.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(server.requests.length).toBe(count);
  });

  it('serves bootstrap results at once, then the server', async () => {
    const bootstrap = {
      schemaVersion: 1,
      environment: 'production',
      revision: 1,
      flags: { banner: served('green') },
    };
    const { server, client } = await online(checkout, { bootstrap }, 2);
    server.hold();
    await client.ready();
    expect(client.variation('banner', {}, '')).toBe('green');
    server.release();
    await vi.waitFor(() => expect(client.variation('banner', {}, '')).toBe('blue'));
  });

  it('closes: status closed, nothing more is fetched, pending identify rejects', async () => {
    const { server, client } = await online();
    await client.ready();
    server.hold();
    const identified = client.identify({ key: 'bob' });
    await client.close();
    await expect(identified).rejects.toThrow(/closed/);
    expect(client.status).toBe('closed');
    server.release();
    expect(client.isEnabled('new-checkout', {})).toBe(true);
  });

  it('runs the path of the variant served in guard, and counts nothing in track and flush', async () => {
    const { client } = await online();
    await client.ready();
    const paths = { on: () => 'new', off: () => 'old' };
    expect(client.guard('new-checkout', client.context, paths)).toBe('new');
    expect(client.guard('no-such-flag', client.context, paths, { fallback: 'off' })).toBe('old');
    client.track('new-checkout', client.context, { error: true });
    await expect(client.flush()).resolves.toBeUndefined();
  });
});

describe('evaluation on a browser client', () => {
  it('never throws, whatever it is handed', async () => {
    const { client } = await online();
    await client.ready();
    const hostile = [Symbol('flag'), null, undefined, {}, 42] as unknown as string[];
    for (const key of hostile) {
      expect(client.variationDetail(key, client.context, 'x')).toMatchObject({
        value: 'x',
        reason: 'ERROR',
      });
      expect(client.isEnabled(key, client.context)).toBe(false);
    }
    expect(client.allFlags(undefined as never)).toEqual({ 'new-checkout': true, banner: 'blue' });
  });
});

describe('token kinds', () => {
  it('createBrowserClient refuses a server token, which would expose every rule', () => {
    const options = { url: 'http://127.0.0.1:1', sdkKey: 'tss_secret' };
    expect(() => createBrowserClient(options)).toThrow(/client SDK token \(tsc_\.\.\.\)/);
  });

  it('createClient refuses a client token, pointing at createBrowserClient', () => {
    const options = { url: 'http://127.0.0.1:1', sdkKey: 'tsc_public' };
    expect(() => createClient(options)).toThrow(/use createBrowserClient/);
  });

  it('createBrowserClient refuses a context that is not an object', () => {
    const options = { url: 'http://127.0.0.1:1', sdkKey: 'tsc_public', context: 'ada' as never };
    expect(() => createBrowserClient(options)).toThrow(/createBrowserClient: context must be/);
  });
});

import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { EventsBatch } from '../../protocol/events.ts';
import { createClient as createBrowserClient } from '../client.ts';
import type { ClientOptions } from '../options.ts';
import { startEventsServer } from '../testing/events-server.ts';
import { capturingLogger } from '../testing/logger.ts';
import { booleanFlag, snapshotOf } from '../testing/snapshots.ts';
import type { TripswitchClient } from '../types.ts';
import { createClient } from './node-client.ts';

// The client's outcome metrics against a real HTTP server: what is counted, how it is attributed
// to variants, and how sending behaves when the server is slow, failing or refusing.

const halfOn = booleanFlag('checkout', {
  defaultServe: {
    rollout: {
      variations: [
        { variant: 'on', weight: 50000 },
        { variant: 'off', weight: 50000 },
      ],
    },
  },
});
const snapshot = snapshotOf(3, [halfOn, booleanFlag('banner')]);

async function setup(options: Partial<ClientOptions> = {}) {
  const server = await startEventsServer(snapshot);
  onTestFinished(() => server.close());
  const { logger, lines } = capturingLogger();
  const client: TripswitchClient = createClient({
    url: server.url,
    sdkKey: 'tss_test',
    stream: false,
    logger,
    backoff: { initialMs: 5, maxMs: 20 },
    requestTimeoutMs: 200,
    metrics: { flushIntervalMs: 60_000 },
    ...options,
  });
  onTestFinished(() => client.close());
  await client.ready({ timeoutMs: 5_000 });
  return { server, client, lines };
}

/** Adds up every batch's counters by flag and variant. */
function totals(batches: EventsBatch[]) {
  const sums: Record<string, { evaluations: number; outcomes: number; errors: number }> = {};
  for (const batch of batches) {
    for (const item of batch.flags) {
      const key = `${item.flagKey}/${item.variant}`;
      const sum = sums[key] ?? { evaluations: 0, outcomes: 0, errors: 0 };
      sums[key] = sum;
      sum.evaluations += item.evaluations;
      sum.outcomes += item.outcomes ?? 0;
      sum.errors += item.errors ?? 0;
    }
  }
  return sums;
}

const users = Array.from({ length: 200 }, (_, i) => ({ key: `user-${i}` }));

describe('outcome metrics', () => {
  it('counts evaluations per variant and attributes tracked outcomes to the variant each context is served', async () => {
    const { server, client } = await setup();
    let on = 0;
    for (const user of users) {
      if (client.isEnabled('checkout', user)) on++;
      // Users served "on" fail; the rest succeed.
      client.track('checkout', user, { error: client.isEnabled('checkout', user) });
    }
    await client.flush();
    expect(server.batches).toHaveLength(1);
    expect(server.batches[0]).toMatchObject({ schemaVersion: 1 });
    expect(totals(server.batches)).toEqual({
      'checkout/on': { evaluations: on * 2, outcomes: on, errors: on },
      'checkout/off': { evaluations: (200 - on) * 2, outcomes: 200 - on, errors: 0 },
    });
    expect(on).toBeGreaterThan(60);
    expect(on).toBeLessThan(140);
  });

  it('attributes a custom event to the variant of every flag evaluated lately', async () => {
    const { server, client } = await setup();
    const user = users.find((candidate) => client.isEnabled('checkout', candidate)) as {
      key: string;
    };
    client.isEnabled('banner', user);
    client.track('purchase', user, { value: 30 });
    client.track('purchase', user, { value: 12 });
    client.track('not a valid name!', user);
    await client.flush();
    expect(server.batches[0]?.events).toEqual([
      { event: 'purchase', flagKey: 'checkout', variant: 'on', count: 2, valueSum: 42 },
      { event: 'purchase', flagKey: 'banner', variant: 'on', count: 2, valueSum: 42 },
    ]);
  });

  it('guards a call: the served path runs, its latency and failures count against its variant', async () => {
    const { server, client } = await setup();
    const results: string[] = [];
    for (const user of users) {
      results.push(
        client.guard(
          'checkout',
          user,
          {
            on: () => {
              throw new Error('the new path failed');
            },
            off: () => 'old path',
          },
          { fallback: 'off' },
        ),
      );
    }
    expect(results.every((result) => result === 'old path')).toBe(true);
    await client.flush();
    const sums = totals(server.batches);
    const servedOn = sums['checkout/on']?.evaluations ?? 0;
    expect(sums['checkout/on']).toEqual({
      evaluations: servedOn,
      outcomes: servedOn,
      errors: servedOn,
    });
    expect(sums['checkout/off']).toEqual({
      evaluations: 200 - servedOn,
      outcomes: 200 - servedOn,
      errors: 0,
    });
    const latency = server.batches[0]?.flags.find((item) => item.variant === 'off')?.latency ?? [];
    expect(latency.reduce((sum, count) => sum + count, 0)).toBe(200 - servedOn);
  });

  it('sends on its interval without being asked', async () => {
    const { server, client } = await setup({ metrics: { flushIntervalMs: 20 } });
    client.isEnabled('banner', users[0] ?? {});
    await vi.waitFor(() => expect(server.batches.length).toBeGreaterThan(0));
    expect(totals(server.batches)['banner/on']?.evaluations).toBe(1);
  });

  it('retries a failed batch with backoff until the server takes it', async () => {
    const { server, client } = await setup();
    server.answer(503, 500, 'hang');
    client.isEnabled('banner', {});
    await client.flush();
    await vi.waitFor(() => expect(server.batches).toHaveLength(1), { timeout: 5_000 });
    expect(server.attempts.length).toBe(4);
    expect(totals(server.batches)['banner/on']?.evaluations).toBe(1);
    expect(server.batches[0]?.ageMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps at most maxPendingBatches while the server fails, and tells it how much it dropped', async () => {
    const { server, client } = await setup({
      metrics: { flushIntervalMs: 60_000, maxPendingBatches: 2 },
    });
    server.otherwise(503);
    for (let i = 0; i < 5; i++) {
      client.isEnabled('banner', {});
      await client.flush();
    }
    server.otherwise(204);
    await vi.waitFor(() => expect(server.batches).toHaveLength(2), { timeout: 5_000 });
    expect(totals(server.batches)['banner/on']?.evaluations).toBe(2);
    expect(server.batches[0]?.dropped).toEqual({ batches: 3, counters: 3 });
    expect(server.batches[1]?.dropped).toBeUndefined();
  });

  it('stops sending after the server refuses the SDK key, with one logged line', async () => {
    const { server, client, lines } = await setup();
    server.answer(401);
    client.isEnabled('banner', {});
    await client.flush();
    client.isEnabled('banner', {});
    await client.flush();
    expect(server.attempts).toHaveLength(1);
    expect(lines.filter((line) => line.includes('HTTP 401'))).toEqual([
      'error: the server refused outcome metrics (HTTP 401); no more are sent',
    ]);
  });

  it('never makes evaluation wait: while a send hangs, evaluations go on and are sent later', async () => {
    const { server, client } = await setup({ requestTimeoutMs: 100 });
    server.answer('hang');
    client.isEnabled('banner', {});
    const flushing = client.flush();
    for (let i = 0; i < 1000; i++) expect(client.isEnabled('banner', {})).toBe(true);
    await flushing;
    await client.flush();
    await vi.waitFor(() => expect(totals(server.batches)['banner/on']?.evaluations).toBe(1001));
  });

  it('sends the last counters on close', async () => {
    const { server, client } = await setup();
    client.track('banner', {}, { latencyMs: 3 });
    await client.close();
    expect(totals(server.batches)).toEqual({
      'banner/on': { evaluations: 0, outcomes: 1, errors: 0 },
    });
  });

  it('sends nothing from the browser entry, whose client still runs guarded calls', async () => {
    const server = await startEventsServer(snapshot);
    onTestFinished(() => server.close());
    const client = createBrowserClient({ url: server.url, sdkKey: 'tss_test', stream: false });
    onTestFinished(() => client.close());
    await client.ready({ timeoutMs: 5_000 });
    expect(client.guard('banner', {}, { on: () => 'new' })).toBe('new');
    client.track('banner', {}, { error: true });
    await client.flush();
    await client.close();
    expect(server.attempts).toEqual([]);
  });

  it('counts and sends nothing with metrics off, and guarded calls still run', async () => {
    const { server, client } = await setup({ metrics: false });
    expect(client.guard('banner', {}, { on: () => 'new' })).toBe('new');
    client.track('banner', {}, { error: true });
    await client.flush();
    await client.close();
    expect(server.attempts).toEqual([]);
  });
});

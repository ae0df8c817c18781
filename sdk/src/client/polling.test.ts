import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { DataSource, DataSourceSink } from './data-source.ts';
import { hostPlatform } from './platform.ts';
import { createPollingSource } from './polling.ts';
import { type Answer, startSnapshotServer } from './testing/snapshot-server.ts';
import { snapshotOf } from './testing/snapshots.ts';

// A sink that records what the source hands over; it accepts any object carrying a revision.
function recordingSink() {
  let revision: number | undefined;
  const events: string[] = [];
  const sink: DataSourceSink = {
    snapshot(input) {
      const next = (input as { revision?: unknown }).revision;
      if (typeof next !== 'number') return false;
      revision = next;
      events.push(`snapshot ${next}`);
      return true;
    },
    change: () => 'gap',
    revision: () => revision,
    healthy: () => events.push('healthy'),
    failed: (failure) => events.push(`failed${failure.fatal ? ' fatal' : ''}: ${failure.message}`),
  };
  return { sink, events };
}

async function pollAgainst(answer: Answer, options: { requestTimeoutMs?: number } = {}) {
  const server = await startSnapshotServer(answer);
  const source: DataSource = createPollingSource({
    url: `${server.url}/`,
    sdkKey: 'tss_test',
    intervalMs: 10,
    backoff: { initialMs: 10, maxMs: 40 },
    requestTimeoutMs: options.requestTimeoutMs ?? 2_000,
    platform: hostPlatform(),
  });
  const { sink, events } = recordingSink();
  onTestFinished(() => server.close());
  onTestFinished(() => source.stop());
  source.start(sink);
  return { server, source, events };
}

describe('the polling source', () => {
  it('sends the last ETag as If-None-Match, so an unchanged snapshot costs a 304', async () => {
    const { server, events } = await pollAgainst({ snapshot: snapshotOf(7, []) });
    await vi.waitFor(() => expect(server.requests.length).toBeGreaterThanOrEqual(3));
    expect(server.requests[0]?.['if-none-match']).toBeUndefined();
    expect(server.requests[0]?.authorization).toBe('Bearer tss_test');
    expect(server.requests.slice(1).map((headers) => headers['if-none-match'])).toContain('"7"');
    expect(events.filter((event) => event.startsWith('snapshot'))).toEqual(['snapshot 7']);
    expect(events.filter((event) => event === 'healthy').length).toBeGreaterThanOrEqual(2);
  });

  it('hands over the new snapshot once the revision moves', async () => {
    const { server, events } = await pollAgainst({ snapshot: snapshotOf(1, []) });
    await vi.waitFor(() => expect(events).toContain('snapshot 1'));
    server.answer({ snapshot: snapshotOf(2, []) });
    await vi.waitFor(() => expect(events).toContain('snapshot 2'));
  });

  it('reports a failing server, retries with backoff and recovers', async () => {
    const { server, events } = await pollAgainst({ status: 503 });
    await vi.waitFor(() =>
      expect(events.filter((event) => event.includes('HTTP 503')).length).toBeGreaterThanOrEqual(2),
    );
    server.answer({ snapshot: snapshotOf(3, []) });
    await vi.waitFor(() => expect(events).toContain('snapshot 3'));
    expect(events[events.indexOf('snapshot 3') + 1]).toBe('healthy');
  });

  it("says the problem's code and detail, and waits the server's Retry-After before asking again", async () => {
    const problem = {
      status: 503,
      code: 'TS_STORE_UNAVAILABLE',
      detail: 'The database cannot be reached.',
    };
    const { server, events } = await pollAgainst({
      status: 503,
      headers: { 'content-type': 'application/problem+json', 'retry-after': '1' },
      body: JSON.stringify(problem),
    });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    const firstAt = Date.now();
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]).toBe(
      'failed: snapshot request failed with HTTP 503 TS_STORE_UNAVAILABLE: The database cannot be reached.',
    );
    // The backoff alone would have asked again within 40 ms.
    await vi.waitFor(() => expect(server.requests).toHaveLength(2), { timeout: 3_000 });
    expect(Date.now() - firstAt).toBeGreaterThanOrEqual(900);
  });

  it('stops for good when the server refuses the SDK key', async () => {
    const { server, events } = await pollAgainst({ status: 401 });
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]).toMatch(/^failed fatal: the server refused the SDK key \(HTTP 401\)/);
    // Ten polling intervals later, still one request: the source gave up.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests).toHaveLength(1);
  });

  it('treats a response that is not JSON as a failure', async () => {
    const { events } = await pollAgainst({ status: 200, body: '<html>proxy error</html>' });
    await vi.waitFor(() =>
      expect(events).toContain('failed: the snapshot response is not valid JSON'),
    );
  });

  it('gives up on a request that hangs after the request timeout', async () => {
    const { events } = await pollAgainst('hang', { requestTimeoutMs: 50 });
    await vi.waitFor(() => expect(events.some((event) => event.endsWith('timed out'))).toBe(true));
  });

  it('polls again when started after a stop, as a fallback for the stream', async () => {
    const { server, source, events } = await pollAgainst({ snapshot: snapshotOf(1, []) });
    await vi.waitFor(() => expect(events).toContain('snapshot 1'));
    source.stop();
    server.answer({ snapshot: snapshotOf(2, []) });
    const { sink, events: resumed } = recordingSink();
    source.start(sink);
    await vi.waitFor(() => expect(resumed).toContain('snapshot 2'));
    expect(events).not.toContain('snapshot 2');
  });

  it('does not poll again once stopped', async () => {
    const { server, source } = await pollAgainst({ snapshot: snapshotOf(1, []) });
    await vi.waitFor(() => expect(server.requests.length).toBeGreaterThanOrEqual(1));
    source.stop();
    const seen = server.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests.length).toBeLessThanOrEqual(seen + 1);
  });
});

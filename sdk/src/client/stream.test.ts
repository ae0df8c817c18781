import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { ChangeEvent, Snapshot } from '../protocol/snapshot.ts';
import { createClient } from './client.ts';
import { capturingLogger } from './testing/logger.ts';
import { booleanFlag, snapshotOf } from './testing/snapshots.ts';
import type { FlagChange, TripswitchClient } from './types.ts';

// The stream data source inside a real client, against a scripted SSE server on port 0: each test
// decides what every connection hears.

interface Connection {
  headers: IncomingHttpHeaders;
  send(event: string, id: number, data: unknown): void;
  /** Ends the stream cleanly, after a retry hint when given. */
  end(retryMs?: number): void;
}

/** Returns a status to refuse the stream with it; anything else opens the stream. */
type OnStream = (connection: Connection, index: number) => unknown;

async function streamServer(onStream: OnStream) {
  const connections: Connection[] = [];
  const snapshotRequests: IncomingHttpHeaders[] = [];
  let polled: { status: number; body?: Snapshot } = { status: 503 };
  const open = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    if (request.url === '/sdk/v1/snapshot') {
      snapshotRequests.push(request.headers);
      const body = polled.body ? JSON.stringify(polled.body) : '';
      response.writeHead(polled.status, { 'content-type': 'application/json' }).end(body);
      return;
    }
    const connection: Connection = {
      headers: request.headers,
      send: (event, id, data) =>
        response.write(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
      end: (retryMs) => response.end(retryMs === undefined ? '' : `retry: ${retryMs}\n\n`),
    };
    connections.push(connection);
    const refusal = onStream(connection, connections.length - 1) as { status?: number } | undefined;
    if (refusal?.status) {
      response.writeHead(refusal.status).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(':\n\n');
    open.add(response);
    response.once('close', () => open.delete(response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections,
    snapshotRequests,
    poll(answer: { status: number; body?: Snapshot }) {
      polled = answer;
    },
    /** Drops every open stream without a word, as a crashed server would. */
    dropAll() {
      for (const response of open) response.destroy();
    },
  };
}

function client(url: string) {
  const { logger, lines } = capturingLogger();
  const created = createClient({
    url,
    sdkKey: 'tss_test',
    logger,
    pollIntervalMs: 10,
    backoff: { initialMs: 5, maxMs: 20 },
  });
  onTestFinished(() => created.close());
  return { client: created, lines };
}

function changesOf(tripswitch: TripswitchClient): FlagChange[] {
  const changes: FlagChange[] = [];
  tripswitch.on('change', (change) => changes.push(change));
  return changes;
}

const change = (baseRevision: number, revision: number, on: boolean): ChangeEvent => ({
  schemaVersion: 1,
  environment: 'test',
  baseRevision,
  revision,
  flags: [booleanFlag('a', { on, version: revision })],
  deletedFlags: [],
  segments: [],
  deletedSegments: [],
});

describe('the stream data source', () => {
  it('serves the snapshot it streams, then applies each change once, ignoring stale ones', async () => {
    let stream: Connection | undefined;
    const server = await streamServer((connection) => {
      stream = connection;
      setImmediate(() => connection.send('snapshot', 1, snapshotOf(1, [booleanFlag('a')])));
    });
    const { client: tripswitch } = client(server.url);
    await tripswitch.ready({ timeoutMs: 2_000 });
    expect(tripswitch.status).toBe('ready');
    expect(server.connections[0]?.headers.authorization).toBe('Bearer tss_test');
    const changes = changesOf(tripswitch);

    stream?.send('change', 2, change(1, 2, false));
    await vi.waitFor(() => expect(tripswitch.isEnabled('a', {})).toBe(false));
    stream?.send('change', 2, change(1, 2, true));
    stream?.send('change', 3, { ...change(2, 3, false), flags: [booleanFlag('b')] });
    await vi.waitFor(() => expect(tripswitch.revision).toBe(3));

    expect(changes).toEqual([
      { flags: ['a'], revision: 2 },
      { flags: ['b'], revision: 3 },
    ]);
    expect(tripswitch.isEnabled('a', {})).toBe(false);
    expect(server.connections).toHaveLength(1);
    expect(server.snapshotRequests).toHaveLength(0);
  });

  it('reconnects with Last-Event-ID after a gap, and the replayed change applies', async () => {
    const server = await streamServer((connection, index) => {
      setImmediate(() => {
        if (index === 0) {
          connection.send('snapshot', 1, snapshotOf(1, [booleanFlag('a')]));
          connection.send('change', 3, change(2, 3, false));
        } else {
          connection.send('change', 3, change(1, 3, false));
        }
      });
    });
    const { client: tripswitch } = client(server.url);
    await vi.waitFor(() => expect(tripswitch.revision).toBe(3));
    expect(server.connections[0]?.headers['last-event-id']).toBeUndefined();
    expect(server.connections[1]?.headers['last-event-id']).toBe('1');
    expect(tripswitch.isEnabled('a', {})).toBe(false);
  });

  it('resumes from its revision after the server ends the stream, waiting the retry hint', async () => {
    const server = await streamServer((connection, index) => {
      setImmediate(() => {
        if (index === 0) {
          connection.send('snapshot', 4, snapshotOf(4, [booleanFlag('a')]));
          connection.end(30);
        } else {
          connection.send('change', 5, change(4, 5, false));
        }
      });
    });
    const { client: tripswitch, lines } = client(server.url);
    const statuses: string[] = [];
    tripswitch.on('status', (status) => statuses.push(status));
    await vi.waitFor(() => expect(tripswitch.revision).toBe(5));
    expect(server.connections[1]?.headers['last-event-id']).toBe('4');
    // A routine reconnect is no outage (no polling), but between the streams nothing arrives
    // as it happens: stale until the next stream is open.
    expect(server.snapshotRequests).toHaveLength(0);
    expect(lines).toEqual([
      'warn: the live stream ended; reconnecting',
      'info: the snapshot source recovered',
    ]);
    expect(statuses).toEqual(['ready', 'stale', 'ready']);
  });

  it('polls while the stream is down, keeps serving, and stops polling once it is back', async () => {
    let up = true;
    const server = await streamServer((connection) => {
      if (!up) return { status: 503 };
      setImmediate(() => connection.send('snapshot', 1, snapshotOf(1, [booleanFlag('a')])));
    });
    const { client: tripswitch, lines } = client(server.url);
    await tripswitch.ready({ timeoutMs: 2_000 });

    up = false;
    server.dropAll();
    await vi.waitFor(() => expect(tripswitch.status).toBe('stale'));
    expect(tripswitch.isEnabled('a', {})).toBe(true);
    // While the stream is refused, polling finds the change.
    server.poll({ status: 200, body: snapshotOf(2, [booleanFlag('a', { on: false })]) });
    await vi.waitFor(() => expect(tripswitch.isEnabled('a', {})).toBe(false));
    // Polling only stands in: still stale until a stream is open again.
    expect(tripswitch.status).toBe('stale');

    up = true;
    const streamsBefore = server.connections.length;
    await vi.waitFor(() =>
      expect(server.connections.filter((_, i) => i >= streamsBefore).length).toBeGreaterThan(0),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const polls = server.snapshotRequests.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.snapshotRequests.length).toBe(polls);
    expect(lines.filter((line) => line.includes('live stream is down'))).toHaveLength(1);
    expect(lines).toContain('info: the live stream is back');
    expect(tripswitch.status).toBe('ready');
  });

  it('stops for good when the server refuses the SDK key', async () => {
    const server = await streamServer(() => ({ status: 401 }));
    const { client: tripswitch } = client(server.url);
    await expect(tripswitch.ready({ timeoutMs: 2_000 })).rejects.toThrow(
      /refused the SDK key \(HTTP 401\)/,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.connections).toHaveLength(1);
    expect(server.snapshotRequests).toHaveLength(0);
  });

  it('asks for a fresh snapshot (no Last-Event-ID) after an event it cannot read', async () => {
    const server = await streamServer((connection, index) => {
      setImmediate(() => {
        if (index === 0) {
          connection.send('snapshot', 1, snapshotOf(1, [booleanFlag('a')]));
          connection.send('change', 2, { revision: 'two' });
        } else {
          connection.send('snapshot', 2, snapshotOf(2, [booleanFlag('a', { on: false })]));
        }
      });
    });
    const { client: tripswitch, lines } = client(server.url);
    await vi.waitFor(() => expect(tripswitch.revision).toBe(2));
    expect(server.connections[1]?.headers['last-event-id']).toBeUndefined();
    expect(lines.some((line) => line.startsWith('warn: refused a change'))).toBe(true);
  });
});

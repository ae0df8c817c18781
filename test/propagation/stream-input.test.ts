import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { startServer, type TestServer } from '../support/app.ts';
import { createFlag, uniqueKey } from '../support/factories.ts';
import { readEvents } from './support/sse.ts';

// Bad input on the SDK stream endpoints, each answered with a clear status and no crash; and the
// stream's own rules (resume, per-token limit, revocation, backpressure). One listening app.

const LIMIT = 5;
let t: TestServer;
let serverToken: string;
let clientToken: string;

async function token(kind: 'server' | 'client', environment = 'production'): Promise<string> {
  const response = await t.api({
    method: 'POST',
    url: '/api/v1/tokens',
    payload: { name: uniqueKey(kind), kind, environment },
  });
  return response.json().secret;
}

beforeAll(async () => {
  t = await startServer({
    config: { streamsPerToken: LIMIT, streamBufferBytes: 1024 },
  });
  serverToken = await token('server');
  clientToken = await token('client');
});
afterAll(() => t?.close());

const stream = (secret: string, headers: Record<string, string> = {}) =>
  readEvents(`${t.url}/sdk/v1/stream`, secret, headers);

async function problemOf(path: string, headers: Record<string, string>, init: RequestInit = {}) {
  const response = await fetch(`${t.url}${path}`, { ...init, headers });
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return { status: response.status, problem: await response.json() };
}

describe('the SDK stream endpoints refuse bad input', () => {
  it('401 without a token or with an unknown one; 403 for the wrong kind of token', async () => {
    const cases: [string, Record<string, string>, number, string][] = [
      ['/sdk/v1/stream', {}, 401, 'TS_UNAUTHORIZED'],
      ['/sdk/v1/stream', { authorization: `Bearer tss_${'x'.repeat(43)}` }, 401, 'TS_UNAUTHORIZED'],
      ['/sdk/v1/stream', { authorization: `Bearer ${clientToken}` }, 403, 'TS_FORBIDDEN'],
      ['/sdk/v1/stream', { authorization: `Bearer ${t.adminToken}` }, 403, 'TS_FORBIDDEN'],
      ['/sdk/v1/client-stream', { authorization: `Bearer ${serverToken}` }, 403, 'TS_FORBIDDEN'],
      ['/sdk/v1/client-stream', { authorization: 'Basic abc' }, 401, 'TS_UNAUTHORIZED'],
    ];
    for (const [path, headers, status, code] of cases) {
      const answer = await problemOf(path, headers);
      expect(answer, `${path} ${JSON.stringify(headers)}`).toMatchObject({
        status,
        problem: { status, code },
      });
    }
    expect((await problemOf('/sdk/v1/stream', {})).problem.detail).toMatch(/Authorization: Bearer/);
  });

  it('answers a garbage Last-Event-ID with the snapshot, not an error', async () => {
    for (const garbage of ['abc', '-1', '1.5', '1e9', '99999999999999999999', ' ', '7; drop']) {
      const events = await stream(serverToken, { 'last-event-id': garbage });
      try {
        expect(events.status).toBe(200);
        const [first] = await events.next(1);
        expect(first?.event).toBe('snapshot');
        expect(JSON.parse(first?.data as string).environment).toBe('production');
      } finally {
        events.close();
      }
    }
  });

  it('refuses evaluate bodies that are not a context, naming the field', async () => {
    const headers = { authorization: `Bearer ${clientToken}`, 'content-type': 'application/json' };
    for (const body of ['{"context":"x"}', '{}', '{"context":{},"extra":1}', '[1]']) {
      const answer = await problemOf('/sdk/v1/evaluate', headers, { method: 'POST', body });
      expect(answer.status, body).toBe(400);
      expect(answer.problem.code).toBe('TS_VALIDATION');
    }
    const server = await problemOf(
      '/sdk/v1/evaluate',
      { ...headers, authorization: `Bearer ${serverToken}` },
      { method: 'POST', body: '{"context":{}}' },
    );
    expect(server.status).toBe(403);
  });

  it('limits the streams one token holds: 429 beyond the limit, others unaffected', async () => {
    const flood = await token('server');
    const open = await Promise.all(Array.from({ length: LIMIT }, () => stream(flood)));
    try {
      expect(open.map((events) => events.status)).toEqual(Array(LIMIT).fill(200));
      const refused = await Promise.all(
        Array.from({ length: 20 }, () =>
          problemOf('/sdk/v1/stream', { authorization: `Bearer ${flood}` }),
        ),
      );
      for (const answer of refused) {
        expect(answer).toMatchObject({ status: 429, problem: { code: 'TS_TOO_MANY_STREAMS' } });
      }
      const other = await stream(serverToken);
      expect(other.status).toBe(200);
      other.close();
      open.pop()?.close();
      await vi.waitFor(async () => {
        const again = await stream(flood);
        again.close();
        expect(again.status).toBe(200);
      });
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    } finally {
      for (const events of open) events.close();
    }
  });

  it('answers CORS preflights without a token, on SDK paths only', async () => {
    const preflight = (path: string) =>
      fetch(`${t.url}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://app.example.com',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization,last-event-id',
        },
      });
    const sdk = await preflight('/sdk/v1/stream');
    expect(sdk.status).toBe(204);
    expect(sdk.headers.get('access-control-allow-origin')).toBe('*');
    expect(sdk.headers.get('access-control-allow-headers')).toContain('last-event-id');
    expect((await preflight('/api/v1/flags')).status).toBe(404);
  });
});

describe('the server stream', () => {
  it('resumes from Last-Event-ID with the changes missed, or says nothing when current', async () => {
    const first = await stream(serverToken);
    const [snapshot] = await first.next(1);
    first.close();
    const from = Number(snapshot?.id);
    await createFlag(t.api);
    await createFlag(t.api);
    const resumed = await stream(serverToken, { 'last-event-id': String(from) });
    try {
      const changes = await resumed.next(2);
      expect(changes.map((event) => event.event)).toEqual(['change', 'change']);
      expect(changes.map((event) => Number(event.id))).toEqual([from + 1, from + 2]);
      expect(JSON.parse(changes[0]?.data as string).baseRevision).toBe(from);
    } finally {
      resumed.close();
    }
    const current = await stream(serverToken, { 'last-event-id': String(from + 2) });
    try {
      await createFlag(t.api);
      const [next] = await current.next(1);
      expect(next).toMatchObject({ event: 'change', id: String(from + 3) });
    } finally {
      current.close();
    }
  });

  it('counts each stream in the request metrics once it has started', async () => {
    const counted = async () => {
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      const line =
        /^tripswitch_http_requests_total\{method="GET",route="\/sdk\/v1\/stream",status="200"\} (\d+)/m;
      return Number(line.exec(metrics)?.[1] ?? 0);
    };
    const before = await counted();
    const events = await stream(serverToken);
    try {
      await events.next(1);
      expect(await counted()).toBe(before + 1);
    } finally {
      events.close();
    }
  });

  it("ends a revoked token's open streams, and its reconnect gets 401", async () => {
    const secret = await token('server');
    const events = await stream(secret);
    await events.next(1);
    const tokens = (await t.api({ method: 'GET', url: '/api/v1/tokens' })).json().items;
    const id = tokens.find((item: { prefix: string }) => secret.startsWith(item.prefix)).id;
    await t.api({ method: 'DELETE', url: `/api/v1/tokens/${id}` });
    await events.ended();
    expect((await problemOf('/sdk/v1/stream', { authorization: `Bearer ${secret}` })).status).toBe(
      401,
    );
  });

  it("ends a deleted environment's streams at once: its tokens go with it", async () => {
    // Anti-entropy, which would also notice the environment gone, is kept out of the way.
    const alone = await startServer({ config: { resyncIntervalMs: 3_600_000 } });
    onTestFinished(() => alone.close());
    const environment = uniqueKey('doomed');
    const created = await alone.api({
      method: 'POST',
      url: '/api/v1/environments',
      payload: { key: environment },
    });
    expect(created.statusCode).toBe(201);
    const { secret } = (
      await alone.api({
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: uniqueKey('server'), kind: 'server', environment },
      })
    ).json();
    const events = await readEvents(`${alone.url}/sdk/v1/stream`, secret);
    await events.next(1);
    const deleted = await alone.api({
      method: 'DELETE',
      url: `/api/v1/environments/${environment}`,
    });
    expect(deleted.statusCode).toBe(204);
    await events.ended();
  });

  it('asks browsers to spread their fetches after a change by how many follow the environment', async () => {
    const alone = await startServer({ config: { streamsPerToken: 100 } });
    onTestFinished(() => alone.close());
    const { secret } = (
      await alone.api({
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: uniqueKey('client'), kind: 'client', environment: 'staging' },
      })
    ).json();
    const browsers = await Promise.all(
      Array.from({ length: 40 }, () => readEvents(`${alone.url}/sdk/v1/client-stream`, secret)),
    );
    onTestFinished(() => {
      for (const browser of browsers) browser.close();
    });
    await Promise.all(browsers.map((browser) => browser.next(1)));
    const flagKey = uniqueKey('spread');
    await alone.api({ method: 'POST', url: '/api/v1/flags', payload: { key: flagKey } });
    const { revision } = (
      await alone.api({ method: 'GET', url: '/api/v1/environments/staging' })
    ).json();
    for (const browser of browsers) {
      const pings = await browser.until((event) => Number(event.id) === revision);
      // 40 browsers at BROWSER_REFETCHES_PER_SECOND (2,000 a second) take 20 ms.
      expect(JSON.parse(pings.at(-1)?.data as string)).toEqual({ revision, spreadMs: 20 });
    }
  });

  it('closes a subscriber that does not read once its unsent bytes pass the bound', async () => {
    // A flag whose every change carries ~100 KB: a few changes fill the socket buffers.
    const flag = await createFlag(t.api);
    const targets = [
      { variant: 'on', values: Array.from({ length: 8000 }, (_, i) => `user-${i}`) },
    ];
    const socket = connect(Number(new URL(t.url).port), '127.0.0.1');
    let closed = false;
    socket.on('close', () => {
      closed = true;
    });
    socket.on('error', () => {});
    socket.write(
      `GET /sdk/v1/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${serverToken}\r\n\r\n`,
    );
    await new Promise((resolve) => socket.once('data', resolve));
    socket.pause();
    const slowClosed = async () => {
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      return Number(/^tripswitch_stream_slow_closed_total (\d+)/m.exec(metrics)?.[1] ?? 0);
    };
    let version = 1;
    for (let i = 0; i < 200 && (await slowClosed()) === 0; i++) {
      const response = await t.api({
        method: 'PUT',
        url: `/api/v1/flags/${flag.key}/environments/production`,
        payload: {
          baseVersion: version,
          config: {
            on: i % 2 === 0,
            offVariation: 'off',
            targets,
            rules: [],
            defaultServe: { variant: 'off' },
          },
        },
      });
      expect(response.statusCode).toBe(200);
      version = response.json().version;
    }
    expect(await slowClosed()).toBe(1);
    socket.resume();
    await vi.waitFor(() => expect(closed).toBe(true));
    // Everyone else still streams.
    const events = await stream(serverToken);
    expect(events.status).toBe(200);
    events.close();
  }, 60_000);
});

import { createClient, type Logger } from '@tripswitch/sdk';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, type TestServer } from '../support/app.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

// PostgreSQL unreachable: the server answers what needs the database with 503
// TS_STORE_UNAVAILABLE and Retry-After (never a bare 500), keeps serving what it holds in memory,
// and an SDK started during the outage gets ready once the database is back. The database sits
// behind a TCP proxy the test cuts: new connections are refused and open ones reset.

let t: TestServer;
let proxy: TcpProxy;
let cachedToken: string;
let unseenToken: string;
let etag: string;
const lines: string[] = [];

beforeAll(async () => {
  proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
  t = await startServer({
    reachDatabase: (url) => {
      const proxied = new URL(url);
      proxied.host = `127.0.0.1:${proxy.port}`;
      return proxied.toString();
    },
    // Anti-entropy passes (each asking Postgres about held tokens) fail many times in the outage.
    config: { logLevel: 'warn', resyncIntervalMs: 200 },
    logStream: { write: (line) => lines.push(line) },
  });
  const token = async (name: string) =>
    (
      await t.api({
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name, kind: 'server', environment: 'production' },
      })
    ).json().secret as string;
  cachedToken = await token('running-service');
  unseenToken = await token('starting-service');
  const first = await snapshot(cachedToken);
  expect(first.statusCode).toBe(200);
  etag = first.headers.etag as string;
  await proxy.cut();
});
afterAll(async () => {
  await proxy?.restore().catch(() => {});
  await t?.close();
  await proxy?.close();
});

function snapshot(token: string, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'GET',
    url: '/sdk/v1/snapshot',
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
}

function expectStoreUnavailable(response: LightMyRequestResponse) {
  expect(response.statusCode, response.body).toBe(503);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ status: 503, code: 'TS_STORE_UNAVAILABLE' });
  expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
}

describe('with PostgreSQL unreachable', () => {
  it('answers admin reads and writes with 503 TS_STORE_UNAVAILABLE and Retry-After', async () => {
    expectStoreUnavailable(await t.api({ method: 'GET', url: '/api/v1/flags' }));
    expectStoreUnavailable(
      await t.api({ method: 'POST', url: '/api/v1/flags', payload: { key: 'during-outage' } }),
    );
    expectStoreUnavailable(await t.api({ method: 'GET', url: '/api/v1/audit' }));
  });

  it('answers an SDK token it has not seen yet with 503, not 401 and not 500', async () => {
    expectStoreUnavailable(await snapshot(unseenToken));
  });

  it('keeps serving a token it holds from memory, 304 included, through failing anti-entropy passes', async () => {
    // Five anti-entropy intervals: a failed revocation check must not forget a held token.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await snapshot(cachedToken)).statusCode).toBe(200);
    expect((await snapshot(cachedToken, { 'if-none-match': etag })).statusCode).toBe(304);
  });

  it('gets an SDK client started during the outage ready once the database is back, saying why it waits', async () => {
    const said: string[] = [];
    const logger: Logger = {
      debug() {},
      info() {},
      warn: (message) => said.push(message),
      error: (message) => said.push(message),
    };
    const client = createClient({
      url: t.url,
      sdkKey: unseenToken,
      backoff: { initialMs: 50, maxMs: 200 },
      logger,
    });
    try {
      // Not fatal: the reason, and that it keeps trying.
      await expect(client.ready({ timeoutMs: 1_000 })).rejects.toThrow(
        /not ready within 1000 ms: .*HTTP 503 TS_STORE_UNAVAILABLE.*; it keeps trying/,
      );
      expect(said.join('\n')).toMatch(
        /HTTP 503 TS_STORE_UNAVAILABLE: The database cannot be reached/,
      );
      await proxy.restore();
      await client.ready({ timeoutMs: 10_000 });
      // Polling may bring the snapshot first: ready once its stream is open too.
      await vi.waitFor(() => expect(client.status).toBe('ready'), { timeout: 10_000 });
    } finally {
      await client.close();
    }
    // Back: the admin API answers again through a fresh pool connection.
    expect((await t.api({ method: 'GET', url: '/api/v1/flags' })).statusCode).toBe(200);
    // The outage was answered, never logged as a failing request (a bug).
    expect(lines.filter((line) => line.includes('"request failed"'))).toEqual([]);
  });
});

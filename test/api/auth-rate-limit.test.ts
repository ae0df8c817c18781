import { randomBytes } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

// Failed authentication is limited per client address: past the limit an address gets 429 with
// Retry-After (and no database lookup), while valid tokens, from that address or any other,
// are never counted or refused.

const LIMIT = 20;
const ATTACKER = '203.0.113.7';
const NEIGHBOUR = '198.51.100.9';

/** The routes a wrong token is tried on, in turn: SDK (server, client), admin, the change feed. */
const GUESSES: ((secret: string) => InjectOptions)[] = [
  (secret) => ({ method: 'GET', url: '/sdk/v1/snapshot', headers: bearer(`tss_${secret}`) }),
  (secret) => ({
    method: 'POST',
    url: '/sdk/v1/evaluate',
    headers: bearer(`tsc_${secret}`),
    payload: { context: { key: 'u1' } },
  }),
  (secret) => ({ method: 'GET', url: '/api/v1/flags', headers: bearer(`tsa_${secret}`) }),
  (secret) => ({ method: 'GET', url: '/api/v1/changes', headers: bearer(`tsa_${secret}`) }),
];

function bearer(secret: string) {
  return { authorization: `Bearer ${secret}` };
}

function guess(i: number, remoteAddress: string): InjectOptions {
  const request = GUESSES[i % GUESSES.length] as (typeof GUESSES)[number];
  return { ...request(randomBytes(32).toString('base64url')), remoteAddress };
}

/** The value of a counter on /metrics (0 when absent). */
async function counter(t: TestApp, name: string): Promise<number> {
  const body = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = body.split('\n').find((text) => text.startsWith(`${name} `));
  return line === undefined ? 0 : Number(line.split(' ')[1]);
}

describe('failed authentication', () => {
  let t: TestApp;
  let serverToken: string;
  let clientToken: string;
  let etag: string;
  beforeAll(async () => {
    // A window longer than the test, so no count is forgotten half-way.
    t = await createTestApp({ config: { authFailureLimit: LIMIT, authFailureWindowMs: 120_000 } });
    const create = async (kind: 'server' | 'client') =>
      (
        await t.api({
          method: 'POST',
          url: '/api/v1/tokens',
          payload: { name: `app-${kind}`, kind, environment: 'production' },
        })
      ).json().secret as string;
    serverToken = await create('server');
    clientToken = await create('client');
    const first = await t.app.inject({
      method: 'GET',
      url: '/sdk/v1/snapshot',
      headers: bearer(serverToken),
      remoteAddress: ATTACKER,
    });
    expect(first.statusCode).toBe(200);
    etag = first.headers.etag as string;
  });
  afterAll(() => t?.close());

  it('gets 429 with Retry-After past the limit, 2,000 wrong tokens from one address in parallel batches, on every route', async () => {
    const statuses = new Map<number, number>();
    const valid: number[] = [];
    for (let batch = 0; batch < 20; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) => t.app.inject(guess(batch * 100 + i, ATTACKER))),
      );
      for (const answer of answers) {
        statuses.set(answer.statusCode, (statuses.get(answer.statusCode) ?? 0) + 1);
        if (answer.statusCode === 429) {
          expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(answer.json()).toMatchObject({ status: 429, code: 'TS_AUTH_RATE_LIMITED' });
          const retryAfter = Number(answer.headers['retry-after']);
          expect(retryAfter).toBeGreaterThanOrEqual(1);
          expect(retryAfter).toBeLessThanOrEqual(120);
        } else {
          expect(answer.json()).toMatchObject({ status: 401, code: 'TS_UNAUTHORIZED' });
        }
      }
      // The valid token from the attacking address is served throughout, its 304 path untouched.
      const unchanged = await t.app.inject({
        method: 'GET',
        url: '/sdk/v1/snapshot',
        headers: { ...bearer(serverToken), 'if-none-match': etag },
        remoteAddress: ATTACKER,
      });
      valid.push(unchanged.statusCode);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 401: LIMIT, 429: 2_000 - LIMIT });
    expect(valid.every((status) => status === 304)).toBe(true);
  });

  it('never refuses valid tokens, and other addresses are not limited', async () => {
    // A client token first seen now, from another address: looked up and served.
    const evaluated = await t.app.inject({
      method: 'POST',
      url: '/sdk/v1/evaluate',
      headers: bearer(clientToken),
      payload: { context: { key: 'u1' } },
      remoteAddress: NEIGHBOUR,
    });
    expect(evaluated.statusCode).toBe(200);
    const admin = await t.api({ method: 'GET', url: '/api/v1/flags', remoteAddress: ATTACKER });
    expect(admin.statusCode).toBe(200);
    const wrong = await t.app.inject(guess(0, NEIGHBOUR));
    expect(wrong.statusCode).toBe(401);
  });

  it('counts failures and refusals on /metrics', async () => {
    expect(await counter(t, 'tripswitch_auth_failures_total')).toBe(LIMIT + 1);
    expect(await counter(t, 'tripswitch_auth_rate_limited_total')).toBe(2_000 - LIMIT);
  });
});

describe('the failed-authentication window', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { authFailureLimit: 3, authFailureWindowMs: 1_000 } });
  });
  afterAll(() => t?.close());

  it('lets an address try again once its window has passed', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await t.app.inject(guess(i, ATTACKER))).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    await expect
      .poll(async () => (await t.app.inject(guess(0, ATTACKER))).statusCode, {
        timeout: 5_000,
        interval: 200,
      })
      .toBe(401);
  });
});

describe('the client address behind a proxy', () => {
  let direct: TestApp;
  let proxied: TestApp;
  beforeAll(async () => {
    const limit = { authFailureLimit: 3, authFailureWindowMs: 120_000 };
    [direct, proxied] = await Promise.all([
      createTestApp({ config: limit }),
      createTestApp({ config: { ...limit, trustProxy: '10.0.0.0/8' } }),
    ]);
  });
  afterAll(() => Promise.all([direct?.close(), proxied?.close()]));

  const forwarded = (t: TestApp, i: number, from: string, client: string) =>
    t.app.inject({
      ...guess(i, from),
      headers: { ...guess(i, from).headers, 'x-forwarded-for': client },
    });

  it('ignores X-Forwarded-For by default: a client cannot escape the limit by naming others', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await forwarded(direct, i, ATTACKER, `192.0.2.${i}`)).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('counts per forwarded client when the proxy is trusted (TRIPSWITCH_TRUST_PROXY)', async () => {
    const balancer = '10.1.2.3';
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await forwarded(proxied, i, balancer, ATTACKER)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Another client behind the same balancer is not held back by the first one's failures.
    expect((await forwarded(proxied, 0, balancer, NEIGHBOUR)).statusCode).toBe(401);
  });
});

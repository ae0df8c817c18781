import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveOfrep } from './live.ts';

// OFREP as open-feature/protocol's service/openapi.yaml describes it, over real HTTP against a
// real server: the shapes, status codes and headers any language's provider relies on.

type Live = Awaited<ReturnType<typeof liveOfrep>>;

// One server for the file: only the last test changes a flag, one of its own.
let live: Live;
beforeAll(async () => {
  live = await liveOfrep();
});
afterAll(() => live.close());

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${live.server.url}/ofrep/v1/evaluate/flags${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${live.sdkKey}`,
      'content-type': 'application/json',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('OFREP single evaluation', () => {
  it('answers value, reason, variant and metadata for the posted context', async () => {
    const { checkout, banner, limit, theme, split } = live.flags;
    const evaluated = async (key: string, context: Record<string, unknown>) => {
      const response = await post(`/${key}`, { context });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      return response.json();
    };
    expect(await evaluated(checkout, { targetingKey: 'ada' })).toEqual({
      key: checkout,
      value: true,
      reason: 'TARGETING_MATCH',
      variant: 'on',
      metadata: { flagVersion: 2 },
    });
    expect(await evaluated(checkout, { targetingKey: 'bob', country: 'NO' })).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
      metadata: { ruleId: 'norway' },
    });
    expect(await evaluated(checkout, { targetingKey: 'bob' })).toMatchObject({
      value: false,
      reason: 'DEFAULT',
      variant: 'off',
    });
    expect(await evaluated(banner, {})).toMatchObject({ value: 'blue', reason: 'STATIC' });
    expect(await evaluated(limit, { targetingKey: 'x', plan: 'pro' })).toMatchObject({
      value: 20,
      variant: 'twenty',
    });
    expect(await evaluated(theme, {})).toMatchObject({ value: { color: 'dark' } });
    expect(await evaluated(split, { targetingKey: 'u-1' })).toMatchObject({ reason: 'SPLIT' });
  });

  it('answers 404 FLAG_NOT_FOUND for a flag the environment lacks, as OFREP and as a problem', async () => {
    const response = await post('/no-such-flag', { context: { targetingKey: 'ada' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({
      key: 'no-such-flag',
      errorCode: 'FLAG_NOT_FOUND',
      errorDetails: expect.stringContaining('no-such-flag'),
      status: 404,
      code: 'TS_NOT_FOUND',
    });
  });

  it('answers 400 TARGETING_KEY_MISSING when a rollout by key meets a context without one', async () => {
    const response = await post(`/${live.flags.split}`, { context: { plan: 'pro' } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      key: live.flags.split,
      errorCode: 'TARGETING_KEY_MISSING',
    });
  });

  it('answers 400 INVALID_CONTEXT naming the field, and PARSE_ERROR for a body that is not JSON', async () => {
    const key = live.flags.checkout;
    const badKey = await post(`/${key}`, { context: { targetingKey: 42 } });
    expect(badKey.status).toBe(400);
    expect(await badKey.json()).toMatchObject({
      key,
      errorCode: 'INVALID_CONTEXT',
      code: 'TS_VALIDATION',
      errors: [{ field: '/body/context/targetingKey' }],
    });
    const noContext = await post(`/${key}`, {});
    expect(await noContext.json()).toMatchObject({
      errorCode: 'INVALID_CONTEXT',
      errors: [{ field: '/body/context' }],
    });
    const garbage = await post(`/${key}`, '{"context": ');
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toMatchObject({ key, errorCode: 'PARSE_ERROR' });
  });

  it('takes server and client tokens, refuses an unknown token (401) and an admin token (403)', async () => {
    const key = live.flags.banner;
    const context = { context: {} };
    expect((await post(`/${key}`, context)).status).toBe(200);
    const client = await post(`/${key}`, context, {
      authorization: `Bearer ${live.clientKey}`,
    });
    expect(client.status).toBe(200);
    const unknown = await post(`/${key}`, context, { authorization: 'Bearer tss_nope' });
    expect(unknown.status).toBe(401);
    const admin = await post(`/${key}`, context, {
      authorization: `Bearer ${live.adminKey}`,
    });
    expect(admin.status).toBe(403);
    expect((await post(`/${key}`, context, { authorization: '' })).status).toBe(401);
  });
});

describe('OFREP bulk evaluation', () => {
  it('answers every flag with an ETag per revision and context, 304 on If-None-Match', async () => {
    const own = await live.flag();
    const context = { context: { targetingKey: 'ada', plan: 'pro' } };
    const first = await post('', context);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^"\d+-[A-Za-z0-9_-]+"$/);
    const body = await first.json();
    const byKey = Object.fromEntries(body.flags.map((flag: { key: string }) => [flag.key, flag]));
    expect(byKey[live.flags.checkout]).toMatchObject({ value: true, variant: 'on' });
    expect(byKey[live.flags.limit]).toMatchObject({ value: 20, reason: 'TARGETING_MATCH' });
    expect(byKey[live.flags.split]).toMatchObject({ reason: 'SPLIT' });
    expect(body.metadata).toEqual({ environment: 'production', revision: expect.any(Number) });
    expect(body.eventStreams).toEqual([
      {
        type: 'sse',
        endpoint: { requestUri: expect.stringMatching(/^\/ofrep\/v1\/events\?ticket=/) },
        inactivityDelaySec: 120,
      },
    ]);

    const unchanged = await post('', context, { 'if-none-match': etag });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get('etag')).toBe(etag);
    expect(await unchanged.text()).toBe('');
    // Same targeting key, another context: its answer differs, so no 304 for the old ETag.
    const other = await post('', { context: { targetingKey: 'ada' } }, { 'if-none-match': etag });
    expect(other.status).toBe(200);

    await live.kill(own);
    const killed = await post('', context, { 'if-none-match': etag });
    expect(killed.status).toBe(200);
    expect(killed.headers.get('etag')).not.toBe(etag);
    const after = await killed.json();
    expect(after.flags.find((flag: { key: string }) => flag.key === own)).toMatchObject({
      value: false,
      reason: 'DISABLED',
    });
  });

  it('puts a flag that cannot be evaluated in the list as a failure, and refuses a bad context whole', async () => {
    const response = await post('', { context: {} });
    const { flags } = await response.json();
    expect(flags.find((flag: { key: string }) => flag.key === live.flags.split)).toMatchObject({
      errorCode: 'TARGETING_KEY_MISSING',
    });
    const bad = await post('', { context: 'ada' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      errorCode: 'INVALID_CONTEXT',
      errors: [{ field: '/body/context' }],
    });
  });

  it('answers browsers from any origin: preflight, and the ETag readable', async () => {
    const preflight = await fetch(`${live.server.url}/ofrep/v1/evaluate/flags`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, if-none-match',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('if-none-match');
    const answer = await post('', { context: {} }, { origin: 'https://app.example' });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-expose-headers')).toContain('etag');
  });

  it('is described in /openapi.json', async () => {
    const document = await (await fetch(`${live.server.url}/openapi.json`)).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/ofrep/v1/evaluate/flags/{key}',
        '/ofrep/v1/evaluate/flags',
        '/ofrep/v1/events',
      ]),
    );
    const bulk = document.paths['/ofrep/v1/evaluate/flags'].post;
    expect(bulk.tags).toEqual(['ofrep']);
    expect(bulk.responses['200'].content['application/json'].schema.properties).toHaveProperty(
      'eventStreams',
    );
  });
});

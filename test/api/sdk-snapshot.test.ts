import { SCHEMA_VERSION } from '@tripswitch/sdk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createFlag, rolloutConfig } from '../support/factories.ts';

let t: TestApp;
let serverToken: string;
beforeAll(async () => {
  t = await createTestApp();
  const created = await t.api({
    method: 'POST',
    url: '/api/v1/tokens',
    payload: { name: 'app', kind: 'server', environment: 'production' },
  });
  serverToken = created.json().secret;
});
afterAll(() => t.close());

const snapshot = (headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'GET',
    url: '/sdk/v1/snapshot',
    headers: { authorization: `Bearer ${serverToken}`, ...headers },
  });

describe('GET /sdk/v1/snapshot', () => {
  it("serves the token's environment: live flags with what evaluation needs, segments, revision as ETag", async () => {
    const flag = await createFlag(t.api);
    await t.api({
      method: 'PUT',
      url: `/api/v1/flags/${flag.key}/environments/production`,
      payload: { baseVersion: 1, config: rolloutConfig() },
    });
    await t.api({
      method: 'POST',
      url: '/api/v1/environments/production/segments',
      payload: { key: 'beta', rules: { included: ['u1'], excluded: [], conditions: [] } },
    });
    const archived = await createFlag(t.api);
    await t.api({ method: 'POST', url: `/api/v1/flags/${archived.key}/archive` });

    const response = await snapshot();
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const { revision } = (
      await t.api({ method: 'GET', url: '/api/v1/environments/production' })
    ).json();
    expect(response.headers.etag).toBe(`"${revision}"`);
    expect(body).toMatchObject({
      schemaVersion: SCHEMA_VERSION,
      environment: 'production',
      revision,
    });
    expect(body.flags[flag.key]).toEqual({
      key: flag.key,
      kind: 'boolean',
      salt: flag.salt,
      version: 2,
      variants: [
        { key: 'on', value: true },
        { key: 'off', value: false },
      ],
      ...rolloutConfig(),
    });
    expect(body.flags[archived.key]).toBeUndefined();
    expect(body.segments.beta).toEqual({
      key: 'beta',
      version: 1,
      included: ['u1'],
      excluded: [],
      conditions: [],
    });
  });

  it('answers 304 to a matching If-None-Match, and 200 again after a change', async () => {
    const first = await snapshot();
    const etag = first.headers.etag as string;
    const unchanged = await snapshot({ 'if-none-match': etag });
    expect(unchanged.statusCode).toBe(304);
    expect(unchanged.body).toBe('');
    const flag = await createFlag(t.api);
    const changed = await snapshot({ 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().flags[flag.key]).toBeDefined();
    expect(changed.headers.etag).not.toBe(etag);
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(
      /^tripswitch_http_request_duration_seconds_count\{method="GET",route="\/sdk\/v1\/snapshot",status="304"\} [1-9]/m,
    );
  });

  it('lets a browser of any origin read the answer and its ETag, a 304 or a refusal alike', async () => {
    const first = await snapshot({ origin: 'https://app.example.com' });
    const unchanged = await snapshot({
      origin: 'https://app.example.com',
      'if-none-match': first.headers.etag as string,
    });
    const refused = await t.app.inject({
      method: 'GET',
      url: '/sdk/v1/snapshot',
      headers: { origin: 'https://app.example.com' },
    });
    expect([first.statusCode, unchanged.statusCode, refused.statusCode]).toEqual([200, 304, 401]);
    for (const response of [first, unchanged, refused]) {
      expect(response.headers['access-control-allow-origin']).toBe('*');
      expect(response.headers['access-control-expose-headers']).toContain('etag');
    }
  });

  it('refuses admin and client tokens with 403, and no token with 401', async () => {
    const client = (
      await t.api({
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: 'web', kind: 'client', environment: 'production' },
      })
    ).json().secret;
    expect((await snapshot({ authorization: `Bearer ${t.adminToken}` })).statusCode).toBe(403);
    expect((await snapshot({ authorization: `Bearer ${client}` })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/sdk/v1/snapshot' })).statusCode).toBe(401);
  });

  it('at the default log level, polls write no line per request; admin requests still do', async () => {
    const lines: string[] = [];
    const logged = await createTestApp({
      config: { logLevel: 'info' },
      logStream: { write: (line) => lines.push(line) },
    });
    try {
      const secret = (
        await logged.api({
          method: 'POST',
          url: '/api/v1/tokens',
          payload: { name: 'app', kind: 'server', environment: 'production' },
        })
      ).json().secret;
      for (let i = 0; i < 3; i++) {
        const response = await logged.app.inject({
          method: 'GET',
          url: '/sdk/v1/snapshot',
          headers: { authorization: `Bearer ${secret}` },
        });
        expect(response.statusCode).toBe(200);
      }
      const text = lines.join('');
      expect(text).toContain('/api/v1/tokens');
      expect(text).not.toContain('/sdk/v1/snapshot');
    } finally {
      await logged.close();
    }
  });
});

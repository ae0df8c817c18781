import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp();
  for (const kind of ['server', 'client']) {
    const created = await t.api({
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: `app-${kind}`, kind, environment: 'production' },
    });
    tokens[kind] = created.json().secret;
  }
});
afterAll(() => t.close());

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('a body nested too deep', () => {
  // Ajv's pointer code overflowed the stack on ~3,000 levels and answered 500.
  it.each([
    ['an admin route', 'POST', '/api/v1/flags', 'admin'],
    ['an SDK route', 'POST', '/sdk/v1/evaluate', 'client'],
    ['the events route', 'POST', '/sdk/v1/events', 'server'],
    ['a route that takes no body', 'DELETE', '/api/v1/tokens/none', 'admin'],
  ])('is refused on %s with 400 problem+json', async (_, method, url, kind) => {
    const authorization = `Bearer ${kind === 'admin' ? t.adminToken : tokens[kind]}`;
    const deepValue = (depth: number) =>
      `{"key":"deep-value","kind":"json","variants":[{"key":"a","value":${nested(depth)}},{"key":"b","value":1}]}`;
    for (const payload of [nested(3_000), nestedObject(3_000), nested(65), deepValue(3_000)]) {
      const response = await t.app.inject({
        method: method as 'POST',
        url,
        headers: { 'content-type': 'application/json', authorization },
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ status: 400, code: 'TS_BODY_TOO_DEEP' });
    }
  });

  it('counts brackets inside strings as text, not nesting', async () => {
    const response = await t.api({
      method: 'POST',
      url: '/api/v1/flags',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ key: 'deep-name', name: `${'['.repeat(500)}"\\"{{{` }),
    });
    expect(response.json().code).not.toBe('TS_BODY_TOO_DEEP');
  });
});

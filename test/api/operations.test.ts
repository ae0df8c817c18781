import { api } from '@tripswitch/sdk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('operations endpoints (no token needed)', () => {
  it('/healthz answers while the process lives', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('/readyz checks the database and migrations, and fails at once while draining', async () => {
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ok',
      checks: { draining: 'ok', database: 'ok', migrations: 'ok' },
    });
    t.app.lifecycle.draining = true;
    try {
      const draining = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(draining.statusCode).toBe(503);
      expect(draining.json().checks.draining).toBe('draining');
    } finally {
      t.app.lifecycle.draining = false;
    }
  });

  it('/metrics counts requests by route template and status', async () => {
    await t.api({ method: 'GET', url: '/api/v1/flags/some-flag' });
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain(
      'tripswitch_http_requests_total{method="GET",route="/api/v1/flags/:flagKey",status="404"} 1',
    );
    expect(metrics).toContain('tripswitch_http_request_duration_seconds_bucket');
    expect(metrics).toContain('process_cpu_seconds_total');
  });

  it('/openapi.json describes every route of the endpoint table', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(document.openapi).toMatch(/^3\./);
    for (const endpoint of Object.values(api)) {
      const path = endpoint.path.replace(/:(\w+)/g, '{$1}');
      const operation = document.paths[path]?.[endpoint.method.toLowerCase()];
      expect(operation, `${endpoint.method} ${path}`).toBeDefined();
      expect(operation.summary).toBe(endpoint.summary);
    }
  });

  it('/docs serves Swagger UI with its assets from the server itself', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/https?:\/\/(?!localhost)[a-z0-9.-]+\/[^"']*\.(js|css)/i);
    const bundle = await t.app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
  });

  it('never writes a token secret to the log', async () => {
    const lines: string[] = [];
    const logged = await createTestApp({
      config: { logLevel: 'trace' },
      logStream: { write: (line) => lines.push(line) },
    });
    try {
      const created = await logged.api({
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: 'x', kind: 'admin' },
      });
      const { secret } = created.json();
      await logged.api({
        method: 'GET',
        url: '/api/v1/flags',
        headers: { authorization: `Bearer ${secret}` },
      });
      const text = lines.join('');
      expect(text).toContain('/api/v1/flags');
      expect(text).not.toContain(logged.adminToken);
      expect(text).not.toContain(secret);
    } finally {
      await logged.close();
    }
  });
});

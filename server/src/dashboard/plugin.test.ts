import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardPlugin } from './plugin.ts';

let root: string;
let app: FastifyInstance;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tripswitch-dashboard-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  app = Fastify();
  app.get('/api/v1/environments', async () => ({ items: [] }));
  app.get('/healthz', async () => ({ ok: true }));
  app.setNotFoundHandler((_, reply) => reply.code(404).send({ code: 'TS_NOT_FOUND' }));
  await app.register(dashboardPlugin, { root });
});

afterAll(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
});

describe('dashboardPlugin', () => {
  it('serves the app page at / and at client routes, never cached', async () => {
    for (const url of ['/', '/flags/new-checkout/environments/production', '/audit?actor=ana']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain('<div id="root">');
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const response = await app.inject({ url: '/assets/index-abc123.js' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('console.log(1)');
    expect(response.headers['cache-control']).toContain('immutable');
  });

  it('leaves server paths to the server, including its 404 for unknown API paths', async () => {
    expect((await app.inject({ url: '/api/v1/environments' })).json()).toEqual({ items: [] });
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ ok: true });
    for (const url of ['/api/v1/nope', '/sdk/v1/nope', '/openapi.json', '/metrics']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json(), url).toEqual({ code: 'TS_NOT_FOUND' });
    }
  });

  it('answers a missing file with 404 rather than the app page', async () => {
    const response = await app.inject({ url: '/assets/index-gone.js' });
    expect(response.statusCode).toBe(404);
  });

  it('does not answer other methods with the app page', async () => {
    const response = await app.inject({ method: 'POST', url: '/flags' });
    expect(response.statusCode).toBe(404);
  });
});

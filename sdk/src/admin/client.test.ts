import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { Flag, FlagEnvironment } from '../protocol/index.ts';
import { createAdminClient, TripswitchApiError } from './index.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

// A real HTTP server that records each request and answers with whatever the test queued.
let received: Received[] = [];
let answer: (res: ServerResponse) => void = (res) => res.end('{}');
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    answer(res);
  });
});
let baseUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function reply(status: number, body: unknown, type = 'application/json') {
  received = [];
  answer = (res) => {
    res.writeHead(status, { 'content-type': type });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

describe('createAdminClient', () => {
  it('fills path params, encodes the query, and sends the token, the source and a JSON body', async () => {
    reply(200, { flagKey: 'new-checkout', environment: 'production', version: 3 });
    const admin = createAdminClient({ url: baseUrl, token: 'ts_admin_x', source: 'dashboard' });
    const config = {
      on: true,
      offVariation: 'off',
      targets: [],
      rules: [],
      defaultServe: { variant: 'on' },
    };
    const result = await admin.call('updateFlagEnvironment', {
      params: { flagKey: 'new-checkout', environment: 'production' },
      body: { baseVersion: 2, config },
    });
    expect(result.version).toBe(3);
    const [request] = received;
    expect(request?.method).toBe('PUT');
    expect(request?.url).toBe('/api/v1/flags/new-checkout/environments/production');
    expect(request?.headers.authorization).toBe('Bearer ts_admin_x');
    expect(request?.headers['x-tripswitch-source']).toBe('dashboard');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ baseVersion: 2, config });
  });

  it('leaves out undefined and empty query values and sends no source unless configured', async () => {
    reply(200, { items: [], nextCursor: null });
    const admin = createAdminClient({ url: baseUrl, token: 't' });
    await admin.call('listFlags', { query: { q: 'check out', tag: undefined, status: 'all' } });
    expect(received[0]?.url).toBe('/api/v1/flags?q=check+out&status=all');
    expect(received[0]?.headers['x-tripswitch-source']).toBeUndefined();
  });

  it('sends an empty object when a body with only optional fields is left out', async () => {
    reply(200, {});
    const admin = createAdminClient({ url: baseUrl, token: 't' });
    await admin.call('killFlag', { params: { flagKey: 'a', environment: 'b' } });
    expect(received[0]?.method).toBe('POST');
    expect(received[0]?.body).toBe('{}');
  });

  it('resolves a 204 answer to undefined', async () => {
    received = [];
    answer = (res) => res.writeHead(204).end();
    const admin = createAdminClient({ url: baseUrl, token: 't' });
    const result = await admin.call('deleteFlag', { params: { flagKey: 'gone' } });
    expect(result).toBeUndefined();
    expect(received[0]?.method).toBe('DELETE');
  });

  it('throws TripswitchApiError carrying the problem, its field errors and the current state', async () => {
    const current = { version: 7, updatedBy: 'ana' };
    reply(
      409,
      {
        type: 'https://tripswitch.dev/problems/version-conflict',
        title: 'Version conflict',
        status: 409,
        code: 'TS_VERSION_CONFLICT',
        detail: 'Based on version 6; the current version is 7',
        errors: [{ field: '/body/baseVersion', message: 'is stale' }],
        current,
      },
      'application/problem+json',
    );
    const admin = createAdminClient({ url: baseUrl, token: 't' });
    const error = await admin
      .call('enableFlag', { params: { flagKey: 'a', environment: 'b' }, body: { baseVersion: 6 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TripswitchApiError);
    const apiError = error as TripswitchApiError;
    expect(apiError.status).toBe(409);
    expect(apiError.code).toBe('TS_VERSION_CONFLICT');
    expect(apiError.errors).toEqual([{ field: '/body/baseVersion', message: 'is stale' }]);
    expect(apiError.current).toEqual(current);
    expect(apiError.message).toBe('Version conflict: Based on version 6; the current version is 7');
  });

  it('turns an error answer that is not problem+json into a TripswitchApiError with its status', async () => {
    reply(502, 'Bad gateway from the proxy', 'text/plain');
    const admin = createAdminClient({ url: baseUrl, token: 't' });
    const error = await admin.call('listEnvironments').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TripswitchApiError);
    expect((error as TripswitchApiError).code).toBe('TS_HTTP_502');
    expect((error as TripswitchApiError).detail).toBe('Bad gateway from the proxy');
  });

  it('types inputs and outputs from the endpoint table', () => {
    const admin = createAdminClient({ url: baseUrl, token: 't' });
    expectTypeOf(admin.call<'getFlag'>).returns.resolves.toEqualTypeOf<Flag>();
    expectTypeOf(admin.call<'killFlag'>).returns.resolves.toEqualTypeOf<FlagEnvironment>();
    expectTypeOf(admin.call<'deleteFlag'>).returns.resolves.toBeUndefined();
    // Missing params and unknown endpoints do not compile.
    // @ts-expect-error params are required for getFlag
    void (() => admin.call('getFlag'));
    // @ts-expect-error no such endpoint
    void (() => admin.call('dropDatabase'));
  });
});

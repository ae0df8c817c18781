import { createAdminClient, followChanges } from '@tripswitch/sdk/admin';
import type { EnvironmentRevision } from '@tripswitch/sdk/protocol';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startServer, type TestServer } from '../support/app.ts';
import { uniqueKey } from '../support/factories.ts';

// GET /api/v1/changes: what the dashboard follows. A real listening server, followed over HTTP by
// the admin SDK's followChanges.

/** The machine is shared: what arrives in milliseconds here may take seconds under load. */
const PATIENTLY = { timeout: 10_000 };

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

function follow(token = server.adminToken) {
  const changes: EnvironmentRevision[] = [];
  let opened = 0;
  let refused: string | undefined;
  const feed = followChanges({
    url: server.url,
    token,
    onChange: (change) => changes.push(change),
    onOpen: () => {
      opened += 1;
    },
    onRefused: (message) => {
      refused = message;
    },
  });
  onTestFinished(() => feed.close());
  return { changes, opened: () => opened, refused: () => refused };
}

describe('the change feed', () => {
  it('tells a follower each change with its environment and revision, as it commits', async () => {
    const feed = follow();
    await expect.poll(feed.opened, PATIENTLY).toBe(1);
    const admin = createAdminClient({ url: server.url, token: server.adminToken });
    const flagKey = uniqueKey('feed');
    await admin.call('createFlag', { body: { key: flagKey } });
    await admin.call('enableFlag', { params: { flagKey, environment: 'staging' } });

    const staging = await admin.call('getEnvironment', { params: { environment: 'staging' } });
    await expect
      .poll(() => feed.changes.filter((change) => change.environment === 'staging'), PATIENTLY)
      .toContainEqual({ environment: 'staging', revision: staging.revision });
    // Creating the flag gave it a configuration in every environment: each moved.
    const environments = new Set(feed.changes.map((change) => change.environment));
    expect(environments).toEqual(new Set(['development', 'staging', 'production']));
  });

  it('refuses a request without a token, and an SDK token, before any stream starts', async () => {
    const bare = await fetch(`${server.url}/api/v1/changes`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('content-type')).toContain('application/problem+json');

    const admin = createAdminClient({ url: server.url, token: server.adminToken });
    const { secret } = await admin.call('createToken', {
      body: { name: uniqueKey('sdk'), kind: 'server', environment: 'production' },
    });
    const sdk = await fetch(`${server.url}/api/v1/changes`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(sdk.status).toBe(403);
    expect((await sdk.json()).code).toBe('TS_FORBIDDEN');

    // followChanges stops for good on a refusal, and says so.
    const feed = follow(secret);
    await expect
      .poll(feed.refused, PATIENTLY)
      .toBe('the server refused the admin token (HTTP 403)');
    expect(feed.opened()).toBe(0);
  });

  it('ends the feed of a token as soon as it is revoked, and refuses it after', async () => {
    const admin = createAdminClient({ url: server.url, token: server.adminToken });
    const created = await admin.call('createToken', {
      body: { name: uniqueKey('teammate'), kind: 'admin' },
    });
    const feed = follow(created.secret);
    await expect.poll(feed.opened, PATIENTLY).toBe(1);
    await admin.call('revokeToken', { params: { tokenId: created.token.id } });
    // The follower reconnects after the feed's retry hint (1 s), and is refused then.
    await expect
      .poll(feed.refused, PATIENTLY)
      .toBe('the server refused the admin token (HTTP 401)');
  });

  it('ends open feeds when the server closes, so a shutdown never waits on a dashboard', async () => {
    const other = await startServer();
    const response = await fetch(`${other.url}/api/v1/changes`, {
      headers: { authorization: `Bearer ${other.adminToken}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let received = '';
    while (!received.includes('event: ready')) {
      received += new TextDecoder().decode((await reader.read()).value);
    }
    await other.close();
    let ended = false;
    while (!ended) ended = (await reader.read()).done;
    expect(ended).toBe(true);
  });

  it('is documented in the OpenAPI document, as a GET only (a stream has no head)', async () => {
    const document = await (await fetch(`${server.url}/openapi.json`)).json();
    expect(document.paths['/api/v1/changes'].get.summary).toMatch(/Server-sent events/);
    expect(Object.keys(document.paths['/api/v1/changes'])).toEqual(['get']);
    const head = await fetch(`${server.url}/api/v1/changes`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    expect(head.status).toBe(404);
  });
});

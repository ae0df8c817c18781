import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const createToken = async (payload: object) =>
  t.api({ method: 'POST', url: '/api/v1/tokens', payload });

describe('tokens and authentication', () => {
  it('shows a new secret once, with its kind prefix, and lists only the prefix afterwards', async () => {
    const created = await createToken({ name: 'ci', kind: 'admin' });
    expect(created.statusCode).toBe(201);
    const { token, secret } = created.json();
    expect(secret).toMatch(/^tsa_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({
      name: 'ci',
      kind: 'admin',
      environment: null,
      prefix: secret.slice(0, 12),
    });
    const list = await t.api({ method: 'GET', url: '/api/v1/tokens' });
    expect(list.body).not.toContain(secret);
    expect(list.json().items.map((item: { id: string }) => item.id)).toContain(token.id);
    const server = await createToken({ name: 'app', kind: 'server', environment: 'production' });
    expect(server.json().secret).toMatch(/^tss_/);
    const client = await createToken({ name: 'web', kind: 'client', environment: 'production' });
    expect(client.json().secret).toMatch(/^tsc_/);
  });

  it('ties server and client tokens to an existing environment, and admin tokens to none', async () => {
    const cases: [object, string][] = [
      [{ name: 'x', kind: 'server' }, 'is required for server tokens'],
      [
        { name: 'x', kind: 'admin', environment: 'production' },
        'admin tokens are not tied to an environment',
      ],
      [{ name: 'x', kind: 'client', environment: 'nowhere' }, 'no environment "nowhere"'],
    ];
    const before = (await t.api({ method: 'GET', url: '/api/v1/tokens' })).json().items.length;
    for (const [payload, message] of cases) {
      const response = await createToken(payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field: '/body/environment', message }]);
    }
    expect((await t.api({ method: 'GET', url: '/api/v1/tokens' })).json().items).toHaveLength(
      before,
    );
  });

  it('answers 401 without a token, with a malformed header and with an unknown secret', async () => {
    for (const authorization of [
      undefined,
      'Basic abc',
      'Bearer',
      `Bearer tsa_${'x'.repeat(43)}`,
    ]) {
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/v1/flags',
        ...(authorization !== undefined && { headers: { authorization } }),
      });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code).toBe('TS_UNAUTHORIZED');
    }
  });

  it('answers 403 to server and client tokens on the REST API', async () => {
    for (const kind of ['server', 'client']) {
      const { secret } = (await createToken({ name: kind, kind, environment: 'staging' })).json();
      const response = await t.api({
        method: 'POST',
        url: '/api/v1/flags',
        payload: { key: `made-by-${kind}` },
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('TS_FORBIDDEN');
      expect(
        (await t.api({ method: 'GET', url: `/api/v1/flags/made-by-${kind}` })).statusCode,
      ).toBe(404);
    }
  });

  it('stops a revoked token at once and audits the revocation', async () => {
    const { token, secret } = (await createToken({ name: 'temp', kind: 'admin' })).json();
    const as = { authorization: `Bearer ${secret}` };
    expect((await t.api({ method: 'GET', url: '/api/v1/flags', headers: as })).statusCode).toBe(
      200,
    );
    const revoked = await t.api({ method: 'DELETE', url: `/api/v1/tokens/${token.id}` });
    expect(revoked.json().revokedAt).not.toBeNull();
    expect((await t.api({ method: 'GET', url: '/api/v1/flags', headers: as })).statusCode).toBe(
      401,
    );
    const audit = await t.api({ method: 'GET', url: '/api/v1/audit?action=token.revoked' });
    expect(audit.json().items[0].after).toMatchObject({ id: token.id });
  });

  it('records lastUsedAt when a token is used, and names the token as the actor', async () => {
    const { token, secret } = (await createToken({ name: 'robot', kind: 'admin' })).json();
    expect(token.lastUsedAt).toBeNull();
    await t.api({
      method: 'POST',
      url: '/api/v1/environments',
      payload: { key: 'robot-env' },
      headers: { authorization: `Bearer ${secret}` },
    });
    const listed = (await t.api({ method: 'GET', url: '/api/v1/tokens' })).json().items;
    expect(listed.find((item: { id: string }) => item.id === token.id).lastUsedAt).not.toBeNull();
    const audit = await t.api({ method: 'GET', url: '/api/v1/audit?environment=robot-env' });
    expect(audit.json().items[0]).toMatchObject({
      actor: 'token:robot',
      action: 'environment.created',
    });
  });

  it('rejects reserved or unknown change sources with 400 naming the header', async () => {
    for (const source of ['guardrail', 'schedule', 'cron']) {
      const response = await t.api({
        method: 'POST',
        url: '/api/v1/environments',
        payload: { key: `src-${source}` },
        headers: { 'x-tripswitch-source': source },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([
        { field: '/headers/x-tripswitch-source', message: 'must be "api" or "dashboard"' },
      ]);
      expect(
        (await t.api({ method: 'GET', url: `/api/v1/environments/src-${source}` })).statusCode,
      ).toBe(404);
    }
  });

  it('answers 404 when revoking an unknown token', async () => {
    const response = await t.api({ method: 'DELETE', url: '/api/v1/tokens/no-such-token' });
    expect(response.statusCode).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { uniqueKey } from '../support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('environments', () => {
  it('starts with development, staging and production, production asking for confirmation', async () => {
    const response = await t.api({ method: 'GET', url: '/api/v1/environments' });
    expect(response.statusCode).toBe(200);
    const items = response.json().items as { key: string; confirmChanges: boolean }[];
    expect(items.map((env) => [env.key, env.confirmChanges])).toEqual([
      ['development', false],
      ['staging', false],
      ['production', true],
    ]);
  });

  it('creates an environment in which every existing flag has an off config at version 1', async () => {
    const flag = uniqueKey('flag');
    await t.api({ method: 'POST', url: '/api/v1/flags', payload: { key: flag } });
    const key = uniqueKey('env').slice(0, 32);
    const created = await t.api({
      method: 'POST',
      url: '/api/v1/environments',
      payload: { key, name: 'QA' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ key, name: 'QA', confirmChanges: false, revision: 0 });
    const config = await t.api({ method: 'GET', url: `/api/v1/flags/${flag}/environments/${key}` });
    expect(config.json()).toMatchObject({ version: 1, config: { on: false, offVariation: 'off' } });
  });

  it('refuses a duplicate key with 409 and leaves the original untouched', async () => {
    const response = await t.api({
      method: 'POST',
      url: '/api/v1/environments',
      payload: { key: 'staging', name: 'Other' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('TS_ALREADY_EXISTS');
    const staging = await t.api({ method: 'GET', url: '/api/v1/environments/staging' });
    expect(staging.json().name).toBe('Staging');
  });

  it('renames an environment and records the change in the audit log', async () => {
    const response = await t.api({
      method: 'PATCH',
      url: '/api/v1/environments/development',
      payload: { name: 'Dev' },
      headers: { 'x-tripswitch-source': 'dashboard' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().name).toBe('Dev');
    const audit = await t.api({
      method: 'GET',
      url: '/api/v1/audit?environment=development&action=environment.updated',
    });
    const [entry] = audit.json().items;
    expect(entry).toMatchObject({
      actor: 'token:TRIPSWITCH_ADMIN_TOKEN',
      source: 'dashboard',
      before: { name: 'Development' },
      after: { name: 'Dev' },
    });
  });

  it('deletes an environment with its configurations, and answers 404 for it afterwards', async () => {
    const key = uniqueKey('gone').slice(0, 32);
    await t.api({ method: 'POST', url: '/api/v1/environments', payload: { key } });
    const deleted = await t.api({ method: 'DELETE', url: `/api/v1/environments/${key}` });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    const after = await t.api({ method: 'GET', url: `/api/v1/environments/${key}` });
    expect(after.statusCode).toBe(404);
    expect(after.headers['content-type']).toContain('application/problem+json');
  });
});

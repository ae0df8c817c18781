import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createFlag, rolloutConfig, uniqueKey } from '../support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const segments = '/api/v1/environments/staging/segments';
const rules = {
  included: ['u1'],
  excluded: ['u2'],
  conditions: [{ attribute: 'plan', operator: 'in', values: ['pro'] }],
};
const revision = async () =>
  (await t.api({ method: 'GET', url: '/api/v1/environments/staging' })).json().revision as number;

describe('segments', () => {
  it('creates, reads and lists segments per environment, bumping the revision', async () => {
    const key = uniqueKey('seg');
    const before = await revision();
    const created = await t.api({
      method: 'POST',
      url: segments,
      payload: { key, name: 'Pro users', rules },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ key, environment: 'staging', version: 1, rules });
    expect(await revision()).toBe(before + 1);
    expect((await t.api({ method: 'GET', url: `${segments}/${key}` })).json().name).toBe(
      'Pro users',
    );
    const list = await t.api({ method: 'GET', url: segments });
    expect(list.json().items.map((s: { key: string }) => s.key)).toContain(key);
    const elsewhere = await t.api({
      method: 'GET',
      url: `/api/v1/environments/production/segments/${key}`,
    });
    expect(elsewhere.statusCode).toBe(404);
  });

  it('updates with baseVersion and refuses a stale one', async () => {
    const key = uniqueKey('seg');
    await t.api({ method: 'POST', url: segments, payload: { key, rules } });
    const updated = await t.api({
      method: 'PATCH',
      url: `${segments}/${key}`,
      payload: { baseVersion: 1, rules: { ...rules, included: ['u1', 'u3'] } },
    });
    expect(updated.json()).toMatchObject({ version: 2, rules: { included: ['u1', 'u3'] } });
    const stale = await t.api({
      method: 'PATCH',
      url: `${segments}/${key}`,
      payload: { baseVersion: 1, name: 'x' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'TS_VERSION_CONFLICT', current: { version: 2 } });
  });

  it('refuses to delete a segment a rule uses, naming the flag and the field', async () => {
    const key = uniqueKey('seg');
    await t.api({ method: 'POST', url: segments, payload: { key, rules } });
    const flag = await createFlag(t.api);
    const config = rolloutConfig({
      rules: [
        {
          id: 'seg',
          conditions: [{ operator: 'inSegment', values: [key] }],
          serve: { variant: 'on' },
        },
      ],
    });
    const put = await t.api({
      method: 'PUT',
      url: `/api/v1/flags/${flag.key}/environments/staging`,
      payload: { baseVersion: 1, config },
    });
    expect(put.statusCode).toBe(200);
    const refused = await t.api({ method: 'DELETE', url: `${segments}/${key}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'TS_IN_USE',
      errors: [
        {
          field: '/params/segmentKey',
          message: `used by flag "${flag.key}" at /rules/0/conditions/0/values/0`,
        },
      ],
    });
    expect((await t.api({ method: 'GET', url: `${segments}/${key}` })).statusCode).toBe(200);
  });

  it('deletes an unused segment and audits every step', async () => {
    const key = uniqueKey('seg');
    await t.api({ method: 'POST', url: segments, payload: { key, rules } });
    const deleted = await t.api({ method: 'DELETE', url: `${segments}/${key}` });
    expect(deleted.statusCode).toBe(204);
    const audit = await t.api({ method: 'GET', url: `/api/v1/audit?segment=${key}` });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual([
      'segment.deleted',
      'segment.created',
    ]);
  });

  it('refuses segment rules with a catastrophic regex or a nested segment', async () => {
    const key = uniqueKey('seg');
    const response = await t.api({
      method: 'POST',
      url: segments,
      payload: {
        key,
        rules: {
          ...rules,
          conditions: [{ attribute: 'email', operator: 'matches', values: ['(a+)+$'] }],
        },
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      {
        field: '/body/rules/conditions/0/values/0',
        message: expect.stringContaining('catastrophically'),
      },
    ]);
    const nested = await t.api({
      method: 'POST',
      url: segments,
      payload: { key, rules: { ...rules, conditions: [{ operator: 'inSegment', values: ['x'] }] } },
    });
    expect(nested.json().errors[0].field).toBe('/body/rules/conditions/0/operator');
    expect((await t.api({ method: 'GET', url: `${segments}/${key}` })).statusCode).toBe(404);
  });
});

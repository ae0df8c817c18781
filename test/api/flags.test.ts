import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createFlag, rolloutConfig, uniqueKey } from '../support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const revisions = async () => {
  const response = await t.api({ method: 'GET', url: '/api/v1/environments' });
  return Object.fromEntries(
    (response.json().items as { key: string; revision: number }[]).map((env) => [
      env.key,
      env.revision,
    ]),
  );
};

describe('flags', () => {
  it('creates a boolean flag off everywhere, with on/off variants and a random salt', async () => {
    const before = await revisions();
    const flag = await createFlag(t.api, { name: 'New checkout', tags: ['checkout'] });
    expect(flag).toMatchObject({
      kind: 'boolean',
      name: 'New checkout',
      variants: [
        { key: 'on', value: true },
        { key: 'off', value: false },
      ],
      version: 1,
      archived: false,
      environments: {
        development: { on: false, version: 1 },
        staging: { on: false, version: 1 },
        production: { on: false, version: 1 },
      },
    });
    expect(flag.salt).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    const config = await t.api({
      method: 'GET',
      url: `/api/v1/flags/${flag.key}/environments/staging`,
    });
    expect(config.json().config).toEqual({
      on: false,
      offVariation: 'off',
      targets: [],
      rules: [],
      defaultServe: { variant: 'on' },
    });
    const after = await revisions();
    for (const env of Object.keys(before)) expect(after[env]).toBe((before[env] as number) + 1);
  });

  it('needs variants for non-boolean kinds and checks values against the kind', async () => {
    const missing = await t.api({
      method: 'POST',
      url: '/api/v1/flags',
      payload: { key: uniqueKey('s'), kind: 'string' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([
      { field: '/body/variants', message: 'is required for string flags' },
    ]);
    const wrongKind = await t.api({
      method: 'POST',
      url: '/api/v1/flags',
      payload: {
        key: uniqueKey('n'),
        kind: 'number',
        variants: [
          { key: 'a', value: 1 },
          { key: 'b', value: 'two' },
        ],
      },
    });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().errors[0].field).toBe('/body/variants/1/value');
  });

  it('uses chosen off and default variations for a multivariate flag', async () => {
    const flag = await createFlag(t.api, {
      kind: 'string',
      variants: [
        { key: 'red', value: 'red' },
        { key: 'green', value: 'green' },
        { key: 'blue', value: 'blue' },
      ],
      offVariation: 'red',
      defaultVariation: 'blue',
    });
    const config = await t.api({
      method: 'GET',
      url: `/api/v1/flags/${flag.key}/environments/production`,
    });
    expect(config.json().config).toMatchObject({
      offVariation: 'red',
      defaultServe: { variant: 'blue' },
    });
  });

  it('lists flags by key with a cursor, and filters by text, tag and status', async () => {
    const tag = uniqueKey('t');
    const keys = [];
    for (let i = 0; i < 3; i++)
      keys.push((await createFlag(t.api, { tags: [tag], description: `page ${i}` })).key);
    const first = await t.api({ method: 'GET', url: `/api/v1/flags?tag=${tag}&limit=2` });
    expect(first.json().items.map((f: { key: string }) => f.key)).toEqual(keys.slice(0, 2));
    const second = await t.api({
      method: 'GET',
      url: `/api/v1/flags?tag=${tag}&limit=2&cursor=${first.json().nextCursor}`,
    });
    expect(second.json()).toMatchObject({ items: [{ key: keys[2] }], nextCursor: null });
    const text = await t.api({ method: 'GET', url: `/api/v1/flags?tag=${tag}&q=PAGE%201` });
    expect(text.json().items.map((f: { key: string }) => f.key)).toEqual([keys[1]]);
  });

  it('updates own fields with baseVersion, and refuses a stale one with the current flag', async () => {
    const flag = await createFlag(t.api);
    const updated = await t.api({
      method: 'PATCH',
      url: `/api/v1/flags/${flag.key}`,
      payload: { baseVersion: 1, name: 'Renamed', owner: 'team-checkout' },
    });
    expect(updated.json()).toMatchObject({ name: 'Renamed', owner: 'team-checkout', version: 2 });
    const stale = await t.api({
      method: 'PATCH',
      url: `/api/v1/flags/${flag.key}`,
      payload: { baseVersion: 1, name: 'Lost update' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'TS_VERSION_CONFLICT',
      current: { name: 'Renamed', version: 2 },
    });
  });

  it('changing variants bumps every environment revision', async () => {
    const flag = await createFlag(t.api, {
      kind: 'string',
      variants: [
        { key: 'a', value: 'A' },
        { key: 'b', value: 'B' },
      ],
    });
    const before = await revisions();
    const response = await t.api({
      method: 'PATCH',
      url: `/api/v1/flags/${flag.key}`,
      payload: {
        baseVersion: 1,
        variants: [
          { key: 'a', value: 'A2' },
          { key: 'b', value: 'B' },
        ],
      },
    });
    expect(response.statusCode).toBe(200);
    const after = await revisions();
    for (const env of Object.keys(before)) expect(after[env]).toBe((before[env] as number) + 1);
  });

  it('refuses to remove a variant an environment still serves, naming environment and field', async () => {
    const flag = await createFlag(t.api);
    await t.api({
      method: 'PUT',
      url: `/api/v1/flags/${flag.key}/environments/production`,
      payload: { baseVersion: 1, config: rolloutConfig() },
    });
    const response = await t.api({
      method: 'PATCH',
      url: `/api/v1/flags/${flag.key}`,
      payload: { baseVersion: 1, variants: [{ key: 'off', value: false }] },
    });
    expect(response.statusCode).toBe(409);
    const problem = response.json();
    expect(problem.code).toBe('TS_IN_USE');
    expect(problem.errors).toContainEqual({
      field: '/body/variants',
      message:
        'variant "on" is still served in production at /rules/0/serve/rollout/variations/0/variant',
    });
    expect(problem.errors).toContainEqual({
      field: '/body/variants',
      message: 'variant "on" is still served in staging at /defaultServe/variant',
    });
    const unchanged = await t.api({ method: 'GET', url: `/api/v1/flags/${flag.key}` });
    expect(unchanged.json()).toMatchObject({
      version: 1,
      variants: [{ key: 'on' }, { key: 'off' }],
    });
  });

  it('archives a flag out of the active list, and deletes only archived flags', async () => {
    const flag = await createFlag(t.api);
    const early = await t.api({ method: 'DELETE', url: `/api/v1/flags/${flag.key}` });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('TS_NOT_ARCHIVED');
    const archived = await t.api({
      method: 'POST',
      url: `/api/v1/flags/${flag.key}/archive`,
      payload: { comment: 'done' },
    });
    expect(archived.json()).toMatchObject({ archived: true, version: 2 });
    const active = await t.api({ method: 'GET', url: `/api/v1/flags?q=${flag.key}` });
    expect(active.json().items).toEqual([]);
    const listed = await t.api({
      method: 'GET',
      url: `/api/v1/flags?q=${flag.key}&status=archived`,
    });
    expect(listed.json().items).toHaveLength(1);
    const deleted = await t.api({ method: 'DELETE', url: `/api/v1/flags/${flag.key}` });
    expect(deleted.statusCode).toBe(204);
    expect((await t.api({ method: 'GET', url: `/api/v1/flags/${flag.key}` })).statusCode).toBe(404);
    const audit = await t.api({ method: 'GET', url: `/api/v1/audit?flag=${flag.key}` });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual([
      'flag.deleted',
      'flag.archived',
      'flag.created',
    ]);
  });

  it('brings an archived flag back with unarchive', async () => {
    const flag = await createFlag(t.api);
    await t.api({ method: 'POST', url: `/api/v1/flags/${flag.key}/archive` });
    const back = await t.api({ method: 'POST', url: `/api/v1/flags/${flag.key}/unarchive` });
    expect(back.json()).toMatchObject({ archived: false, version: 3 });
  });

  it('refuses a second flag with the same key', async () => {
    const flag = await createFlag(t.api);
    const again = await t.api({ method: 'POST', url: '/api/v1/flags', payload: { key: flag.key } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('TS_ALREADY_EXISTS');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createFlag, rolloutConfig } from '../support/factories.ts';

let t: TestApp;
let flagKey: string;
beforeAll(async () => {
  t = await createTestApp();
  flagKey = (await createFlag(t.api)).key;
});
afterAll(() => t.close());

const configUrl = () => `/api/v1/flags/${flagKey}/environments/production`;

/** The flag's production state, to prove a refused request changed nothing. */
async function state() {
  const [flag, config, env] = await Promise.all([
    t.api({ method: 'GET', url: `/api/v1/flags/${flagKey}` }),
    t.api({ method: 'GET', url: configUrl() }),
    t.api({ method: 'GET', url: '/api/v1/environments/production' }),
  ]);
  return { flag: flag.json(), config: config.json(), revision: env.json().revision };
}

async function expectRefused(
  request: Parameters<TestApp['api']>[0],
  status: number,
  code: string,
  field?: string,
) {
  const before = await state();
  const response = await t.api(request);
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  const problem = response.json();
  expect(problem).toMatchObject({ status, code });
  if (field) expect(problem.errors.map((error: { field: string }) => error.field)).toContain(field);
  expect(await state()).toEqual(before);
  return problem;
}

const putConfig = (config: unknown, extra: object = {}) => ({
  method: 'PUT' as const,
  url: configUrl(),
  payload: { baseVersion: 1, config, ...extra },
});

describe('bad input is refused with the field named, and nothing changes', () => {
  it('malformed JSON', async () => {
    await expectRefused(
      {
        method: 'PUT',
        url: configUrl(),
        payload: '{"baseVersion": 1,',
        headers: { 'content-type': 'application/json' },
      },
      400,
      'TS_MALFORMED_JSON',
    );
  });

  it('a body that is not JSON at all', async () => {
    await expectRefused(
      {
        method: 'PUT',
        url: configUrl(),
        payload: 'on=true',
        headers: { 'content-type': 'text/plain' },
      },
      415,
      'TS_UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('wrong types', async () => {
    await expectRefused(
      putConfig({ ...rolloutConfig(), on: 'yes' }),
      400,
      'TS_VALIDATION',
      '/body/config/on',
    );
    await expectRefused(
      {
        method: 'PATCH',
        url: `/api/v1/flags/${flagKey}`,
        payload: { baseVersion: '1', name: 'x' },
      },
      400,
      'TS_VALIDATION',
      '/body/baseVersion',
    );
  });

  it('missing fields', async () => {
    await expectRefused(
      { method: 'PUT', url: configUrl(), payload: { config: rolloutConfig() } },
      400,
      'TS_VALIDATION',
      '/body/baseVersion',
    );
    const { offVariation: _, ...withoutOff } = rolloutConfig();
    await expectRefused(putConfig(withoutOff), 400, 'TS_VALIDATION', '/body/config/offVariation');
  });

  it('unknown fields, at the top and deep inside', async () => {
    await expectRefused(
      putConfig(rolloutConfig(), { force: true }),
      400,
      'TS_VALIDATION',
      '/body/force',
    );
    const config = rolloutConfig();
    const deep = { ...config, rules: [{ ...config.rules[0], priority: 1 }] };
    const problem = await expectRefused(
      putConfig(deep),
      400,
      'TS_VALIDATION',
      '/body/config/rules/0/priority',
    );
    expect(problem.errors[0].message).toBe('is not a known field');
  });

  it('an oversize body', async () => {
    const huge = {
      ...rolloutConfig(),
      targets: [{ variant: 'on', values: ['x'.repeat(1024 * 1024)] }],
    };
    await expectRefused(putConfig(huge), 413, 'TS_BODY_TOO_LARGE');
  });

  it('bad keys in the body and in the path', async () => {
    await expectRefused(
      { method: 'POST', url: '/api/v1/flags', payload: { key: 'New Checkout!' } },
      400,
      'TS_VALIDATION',
      '/body/key',
    );
    await expectRefused(
      { method: 'GET', url: '/api/v1/flags/UPPER' },
      400,
      'TS_VALIDATION',
      '/params/flagKey',
    );
    await expectRefused(
      {
        method: 'POST',
        url: '/api/v1/flags',
        payload: { key: 'ok', variants: [{ key: 'A B', value: true }] },
      },
      400,
      'TS_VALIDATION',
      '/body/variants/0/key',
    );
  });

  it('rollout weights that do not add up, or are not whole numbers', async () => {
    const config = rolloutConfig();
    const rule = config.rules[0] as (typeof config.rules)[0];
    const withWeights = (weights: number[]) => ({
      ...config,
      rules: [
        {
          ...rule,
          serve: {
            rollout: {
              variations: weights.map((weight, i) => ({ variant: i ? 'off' : 'on', weight })),
            },
          },
        },
      ],
    });
    const problem = await expectRefused(
      putConfig(withWeights([5000, 94999])),
      400,
      'TS_VALIDATION',
      '/body/config/rules/0/serve/rollout/variations',
    );
    expect(problem.errors[0].message).toBe('weights must add up to 100000 (100%), not 99999');
    await expectRefused(
      putConfig(withWeights([5000.5, 94999.5])),
      400,
      'TS_VALIDATION',
      '/body/config/rules/0/serve/rollout/variations/0/weight',
    );
  });

  it('a serve with both a variant and a rollout, or an unknown variant', async () => {
    const both = { variant: 'on', rollout: { variations: [{ variant: 'on', weight: 100000 }] } };
    await expectRefused(
      putConfig(rolloutConfig({ defaultServe: both })),
      400,
      'TS_VALIDATION',
      '/body/config/defaultServe',
    );
    await expectRefused(
      putConfig(rolloutConfig({ offVariation: 'maybe' })),
      400,
      'TS_VALIDATION',
      '/body/config/offVariation',
    );
  });

  it('regular expressions that are invalid or can backtrack catastrophically', async () => {
    const withPattern = (pattern: string) =>
      rolloutConfig({
        rules: [
          {
            id: 'mail',
            conditions: [{ attribute: 'email', operator: 'matches', values: [pattern] }],
            serve: { variant: 'on' },
          },
        ],
      });
    const field = '/body/config/rules/0/conditions/0/values/0';
    const invalid = await expectRefused(
      putConfig(withPattern('([a-z]+')),
      400,
      'TS_VALIDATION',
      field,
    );
    expect(invalid.errors[0].message).toMatch(/not a valid regular expression/);
    const catastrophic = await expectRefused(
      putConfig(withPattern('^(\\w+\\s?)*$')),
      400,
      'TS_VALIDATION',
      field,
    );
    expect(catastrophic.errors[0].message).toMatch(/catastrophically/);
    // Exponential without nested quantifiers: overlapping alternatives under a star.
    for (const pattern of ['(a|a)*$', '^(\\w|\\d)+$']) {
      const overlapping = await expectRefused(
        putConfig(withPattern(pattern)),
        400,
        'TS_VALIDATION',
        field,
      );
      expect(overlapping.errors[0].message).toMatch(/exponential time on input such as/);
    }
    // Polynomial past quadratic: 110 characters of digits took 2 s through /sdk/v1/evaluate.
    const quintic = await expectRefused(
      putConfig(withPattern('^\\d*\\d*\\d*\\d*\\d*x$')),
      400,
      'TS_VALIDATION',
      field,
    );
    expect(quintic.errors[0].message).toMatch(/time growing as n\^5 on input such as/);
    // Linear and polynomial patterns are served (on a flag of their own: this one stays unchanged).
    const other = (await createFlag(t.api)).key;
    let version = 1;
    for (const pattern of ['^(foo|bar)+$', '@example\\.com$', '\\d+\\.\\d+\\.\\d+']) {
      const response = await t.api({
        method: 'PUT',
        url: `/api/v1/flags/${other}/environments/production`,
        payload: { baseVersion: version, config: withPattern(pattern) },
      });
      expect(response.statusCode, pattern).toBe(200);
      version = response.json().version;
    }
  });

  it('operator values of the wrong type', async () => {
    const config = rolloutConfig({
      rules: [
        {
          id: 'age',
          conditions: [{ attribute: 'age', operator: 'gte', values: ['eighteen'] }],
          serve: { variant: 'on' },
        },
      ],
    });
    await expectRefused(
      putConfig(config),
      400,
      'TS_VALIDATION',
      '/body/config/rules/0/conditions/0/values/0',
    );
  });

  it('unknown environment, flag or segment', async () => {
    await expectRefused(
      {
        method: 'PUT',
        url: `/api/v1/flags/${flagKey}/environments/nowhere`,
        payload: { baseVersion: 1, config: rolloutConfig() },
      },
      404,
      'TS_NOT_FOUND',
    );
    await expectRefused(
      { method: 'POST', url: '/api/v1/flags/ghost/environments/production/kill' },
      404,
      'TS_NOT_FOUND',
    );
    await expectRefused(
      {
        method: 'PATCH',
        url: '/api/v1/environments/production/segments/ghost',
        payload: { baseVersion: 1 },
      },
      404,
      'TS_NOT_FOUND',
    );
    await expectRefused(
      putConfig(
        rolloutConfig({
          rules: [
            {
              id: 's',
              conditions: [{ operator: 'inSegment', values: ['ghost'] }],
              serve: { variant: 'on' },
            },
          ],
        }),
      ),
      400,
      'TS_VALIDATION',
      '/body/config/rules/0/conditions/0/values/0',
    );
  });

  it('an unknown route', async () => {
    const response = await t.api({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({
      code: 'TS_NOT_FOUND',
      detail: 'No route GET /api/v1/nothing-here.',
    });
  });
});

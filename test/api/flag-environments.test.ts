import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createFlag, rolloutConfig } from '../support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const url = (flag: string, env = 'production') => `/api/v1/flags/${flag}/environments/${env}`;
const revisionOf = async (env: string) =>
  (await t.api({ method: 'GET', url: `/api/v1/environments/${env}` })).json().revision as number;

describe('flag environments', () => {
  it('writes a new version, bumps the revision and audits the change', async () => {
    const flag = await createFlag(t.api);
    const revision = await revisionOf('production');
    const response = await t.api({
      method: 'PUT',
      url: url(flag.key),
      payload: { baseVersion: 1, config: rolloutConfig(), comment: '5% in Norway' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      version: 2,
      config: rolloutConfig(),
      updatedBy: 'token:TRIPSWITCH_ADMIN_TOKEN',
    });
    expect(await revisionOf('production')).toBe(revision + 1);
    const version = await t.api({ method: 'GET', url: `${url(flag.key)}/versions/2` });
    expect(version.json()).toMatchObject({
      version: 2,
      comment: '5% in Norway',
      source: 'api',
      config: rolloutConfig(),
    });
    const audit = await t.api({
      method: 'GET',
      url: `/api/v1/audit?flag=${flag.key}&environment=production`,
    });
    expect(audit.json().items[0]).toMatchObject({
      action: 'flagEnvironment.updated',
      version: 2,
      comment: '5% in Norway',
      before: { on: false },
      after: { on: true },
    });
  });

  it('answers a stale baseVersion with 409 and the current state, changing nothing', async () => {
    const flag = await createFlag(t.api);
    await t.api({
      method: 'PUT',
      url: url(flag.key),
      payload: { baseVersion: 1, config: rolloutConfig() },
    });
    const revision = await revisionOf('production');
    const stale = await t.api({
      method: 'PUT',
      url: url(flag.key),
      payload: { baseVersion: 1, config: rolloutConfig({ on: false }) },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'TS_VERSION_CONFLICT',
      current: { flagKey: flag.key, environment: 'production', version: 2, config: { on: true } },
    });
    expect(await revisionOf('production')).toBe(revision);
  });

  it('kills and enables in one call; killing an off flag writes no version', async () => {
    const flag = await createFlag(t.api);
    const offAgain = await t.api({ method: 'POST', url: `${url(flag.key)}/kill` });
    expect(offAgain.json()).toMatchObject({ version: 1, config: { on: false } });
    const enabled = await t.api({
      method: 'POST',
      url: `${url(flag.key)}/enable`,
      payload: { comment: 'go' },
    });
    expect(enabled.json()).toMatchObject({ version: 2, config: { on: true } });
    const killed = await t.api({
      method: 'POST',
      url: `${url(flag.key)}/kill`,
      payload: { baseVersion: 2 },
    });
    expect(killed.json()).toMatchObject({ version: 3, config: { on: false } });
    const versions = await t.api({ method: 'GET', url: `${url(flag.key)}/versions` });
    expect(versions.json().items.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    const audit = await t.api({
      method: 'GET',
      url: `/api/v1/audit?flag=${flag.key}&environment=production`,
    });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual([
      'flagEnvironment.killed',
      'flagEnvironment.enabled',
    ]);
  });

  it('pages versions newest first', async () => {
    const flag = await createFlag(t.api);
    for (let i = 0; i < 2; i++) {
      await t.api({ method: 'POST', url: `${url(flag.key)}/enable` });
      await t.api({ method: 'POST', url: `${url(flag.key)}/kill` });
    }
    const first = await t.api({ method: 'GET', url: `${url(flag.key)}/versions?limit=2` });
    expect(first.json()).toMatchObject({
      items: [{ version: 5 }, { version: 4 }],
      nextCursor: '4',
    });
    const rest = await t.api({ method: 'GET', url: `${url(flag.key)}/versions?limit=5&cursor=4` });
    expect(rest.json()).toMatchObject({
      items: [{ version: 3 }, { version: 2 }, { version: 1 }],
      nextCursor: null,
    });
  });

  it('rolls back by writing a new version equal to the old one', async () => {
    const flag = await createFlag(t.api);
    await t.api({
      method: 'PUT',
      url: url(flag.key),
      payload: { baseVersion: 1, config: rolloutConfig() },
    });
    await t.api({ method: 'POST', url: `${url(flag.key)}/kill` });
    const rolled = await t.api({
      method: 'POST',
      url: `${url(flag.key)}/versions/2/rollback`,
      payload: {},
    });
    expect(rolled.statusCode).toBe(200);
    expect(rolled.json()).toMatchObject({ version: 4, config: rolloutConfig() });
    const version = await t.api({ method: 'GET', url: `${url(flag.key)}/versions/4` });
    expect(version.json().comment).toBe('Rolled back to version 2');
    const audit = await t.api({
      method: 'GET',
      url: `/api/v1/audit?flag=${flag.key}&action=flagEnvironment.rolledBack`,
    });
    expect(audit.json().items).toHaveLength(1);
  });

  it('refuses with 422 a rollback to a version that uses a segment deleted since', async () => {
    const flag = await createFlag(t.api);
    await t.api({
      method: 'POST',
      url: '/api/v1/environments/production/segments',
      payload: { key: 'beta', rules: { included: ['u1'], excluded: [], conditions: [] } },
    });
    const withSegment = rolloutConfig({
      rules: [
        {
          id: 'beta',
          conditions: [{ operator: 'inSegment', values: ['beta'] }],
          serve: { variant: 'on' },
        },
      ],
    });
    await t.api({
      method: 'PUT',
      url: url(flag.key),
      payload: { baseVersion: 1, config: withSegment },
    });
    await t.api({
      method: 'PUT',
      url: url(flag.key),
      payload: { baseVersion: 2, config: rolloutConfig() },
    });
    await t.api({ method: 'DELETE', url: '/api/v1/environments/production/segments/beta' });
    const response = await t.api({ method: 'POST', url: `${url(flag.key)}/versions/2/rollback` });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      code: 'TS_ROLLBACK_INVALID',
      errors: [
        {
          field: '/versions/2/config/rules/0/conditions/0/values/0',
          message: 'no segment "beta" in this environment',
        },
      ],
    });
    const current = await t.api({ method: 'GET', url: url(flag.key) });
    expect(current.json().version).toBe(3);
  });

  it('answers 404 problems naming the unknown flag, environment or version', async () => {
    const flag = await createFlag(t.api);
    const cases = [
      [url('no-such-flag'), 'No flag "no-such-flag".'],
      [url(flag.key, 'nowhere'), 'No environment "nowhere".'],
      [`${url(flag.key)}/versions/99`, `Flag "${flag.key}" has no version 99 in production.`],
    ];
    for (const [path, detail] of cases) {
      const response = await t.api({ method: 'GET', url: path as string });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'TS_NOT_FOUND', detail });
    }
    const kill = await t.api({ method: 'POST', url: `${url(flag.key, 'nowhere')}/kill` });
    expect(kill.statusCode).toBe(404);
  });

  it('tells the change notifier after the commit: environment, new revision and flag', async () => {
    const lines: string[] = [];
    const logged = await createTestApp({
      config: { logLevel: 'debug' },
      logStream: { write: (line) => lines.push(line) },
    });
    try {
      const flag = await createFlag(logged.api);
      lines.length = 0;
      await logged.api({
        method: 'POST',
        url: `/api/v1/flags/${flag.key}/environments/staging/enable`,
      });
      const { revision } = (
        await logged.api({ method: 'GET', url: '/api/v1/environments/staging' })
      ).json();
      const changes = lines
        .map((line) => JSON.parse(line))
        .filter((entry) => entry.component === 'changes');
      expect(changes.map((entry) => entry.change)).toEqual([
        { environment: 'staging', revision, flags: [flag.key], segments: [] },
      ]);
    } finally {
      await logged.close();
    }
  });
});

import { buildApp, parseConfig } from '@tripswitch/server';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FAST, guardedTripswitch, outcomes, problemOf } from './support.ts';

// Progressive rollouts: the steps are served by the default rule, the elected instance advances
// them while guardrails hold, and people pause, resume and abort them.

async function setup() {
  const tripswitch = await guardedTripswitch();
  onTestFinished(() => tripswitch.close());
  return tripswitch;
}

const HOUR = 3600;
const shares = (config: { defaultServe: { rollout?: { variations: { weight: number }[] } } }) =>
  config.defaultServe.rollout?.variations.map((variation) => variation.weight);

describe('progressive rollouts', () => {
  it('starts by turning the flag on with the first step in the default rule, treatment first', async () => {
    const tripswitch = await setup();
    const flagKey = await tripswitch.flag();
    const params = tripswitch.at(flagKey);
    await tripswitch.admin.call('killFlag', { params });
    const before = await tripswitch.admin.call('getFlagEnvironment', { params });
    const rollout = await tripswitch.admin.call('startRollout', {
      params,
      body: {
        steps: [
          { share: 1000, holdSeconds: HOUR },
          { share: 25000, holdSeconds: HOUR },
          { share: 100000, holdSeconds: 0 },
        ],
        bucketBy: 'accountId',
      },
    });
    expect(rollout).toMatchObject({
      flagKey,
      controlVariant: 'off',
      treatmentVariant: 'on',
      bucketBy: 'accountId',
      state: 'running',
      stepIndex: 0,
      nextShare: 25000,
      baseVersion: before.version,
      finishedAt: null,
    });
    expect(Date.parse(rollout.nextStepAt ?? '') - Date.parse(rollout.stepStartedAt)).toBe(
      HOUR * 1000,
    );
    const after = await tripswitch.admin.call('getFlagEnvironment', { params });
    expect(after.version).toBe(before.version + 1);
    expect(after.config).toMatchObject({
      on: true,
      defaultServe: {
        rollout: {
          variations: [
            { variant: 'on', weight: 1000 },
            { variant: 'off', weight: 99000 },
          ],
          bucketBy: 'accountId',
        },
      },
    });
    const [version] = (await tripswitch.admin.call('listFlagVersions', { params })).items;
    expect(version?.comment).toBe('Progressive rollout of "on" started at 1% (1% -> 25% -> 100%)');
    expect(
      await problemOf(
        tripswitch.admin.call('startRollout', {
          params,
          body: { steps: [{ share: 100000, holdSeconds: 0 }] },
        }),
      ),
    ).toMatchObject({
      status: 409,
      code: 'TS_ROLLOUT_CONFLICT',
    });
    expect(await tripswitch.admin.call('getFlagEnvironment', { params })).toEqual(after);
  });

  it('refuses steps that do not grow to everyone, and arms that are not variants', async () => {
    const tripswitch = await setup();
    const params = tripswitch.at(await tripswitch.flag());
    const problem = await problemOf(
      tripswitch.admin.call('startRollout', {
        params,
        body: {
          treatmentVariant: 'off',
          steps: [
            { share: 5000, holdSeconds: 60 },
            { share: 5000, holdSeconds: 60 },
            { share: 50000, holdSeconds: 60 },
          ],
        },
      }),
    );
    expect(problem).toMatchObject({
      status: 400,
      errors: [
        { field: '/body/treatmentVariant', message: 'must differ from the control variant' },
        { field: '/body/steps/1/share', message: "must be above the previous step's 5000" },
        { field: '/body/steps/2/share', message: 'the last step must be 100000 (everyone)' },
      ],
    });
    expect(
      await problemOf(
        tripswitch.admin.call('startRollout', {
          params,
          body: { controlVariant: 'nope', steps: [{ share: 100000, holdSeconds: 0 }] },
        }),
      ),
    ).toMatchObject({
      errors: [{ field: '/body/controlVariant', message: 'no variant "nope" in this flag' }],
    });
  });

  it('advances step by step by itself and completes, each step a version by schedule', async () => {
    const tripswitch = await setup();
    const flagKey = await tripswitch.flag();
    const params = tripswitch.at(flagKey);
    await tripswitch.admin.call('startRollout', {
      params,
      body: {
        steps: [
          { share: 10000, holdSeconds: 0 },
          { share: 50000, holdSeconds: 0 },
          { share: 100000, holdSeconds: 0 },
        ],
      },
    });
    await expect
      .poll(async () => (await tripswitch.admin.call('getRollout', { params })).state, {
        timeout: 10_000,
      })
      .toBe('completed');
    const rollout = await tripswitch.admin.call('getRollout', { params });
    expect(rollout).toMatchObject({ stepIndex: 2, nextStepAt: null, nextShare: null });
    const versions = (await tripswitch.admin.call('listFlagVersions', { params })).items;
    expect(
      versions
        .slice(0, 2)
        .map((version) => [version.actor, version.source, shares(version.config)]),
    ).toEqual([
      ['schedule', 'schedule', [100000, 0]],
      ['schedule', 'schedule', [50000, 50000]],
    ]);
    expect(versions[0]?.comment).toBe(
      'Progressive rollout: "on" 50% -> 100% after holding 0 s; no guardrails',
    );
    const audit = await tripswitch.admin.call('listAudit', {
      query: { flag: flagKey, action: 'rollout.completed' },
    });
    expect(audit.items[0]).toMatchObject({ actor: 'schedule', source: 'schedule' });
  });

  it('holds a step until every guardrail has the samples it needs', async () => {
    const tripswitch = await setup();
    const flagKey = await tripswitch.flag();
    const params = tripswitch.at(flagKey);
    await tripswitch.admin.call('createGuardrail', {
      params,
      body: {
        metric: 'errorRate',
        threshold: { kind: 'relative', value: 1 },
        minimumSample: 100,
        windowSeconds: 60,
      },
    });
    await tripswitch.admin.call('startRollout', {
      params,
      body: {
        steps: [
          { share: 20000, holdSeconds: 0 },
          { share: 100000, holdSeconds: HOUR },
        ],
      },
    });
    // Several evaluations go by without samples: the rollout stays where it is.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await tripswitch.admin.call('getRollout', { params })).toMatchObject({
      state: 'running',
      stepIndex: 0,
    });
    await tripswitch.postEvents({
      flags: [outcomes(flagKey, 'on', 150, 1), outcomes(flagKey, 'off', 600, 4)],
    });
    await expect
      .poll(async () => (await tripswitch.admin.call('getRollout', { params })).stepIndex, {
        timeout: 10_000,
      })
      .toBe(1);
    const [version] = (await tripswitch.admin.call('listFlagVersions', { params })).items;
    expect(version?.comment).toContain('guardrails healthy: error rate: on 0.667% of 150 outcomes');
  });

  it('completes a 100% step that a relative guardrail cannot judge (no control left), saying so', async () => {
    const tripswitch = await setup();
    const flagKey = await tripswitch.flag();
    const params = tripswitch.at(flagKey);
    await tripswitch.admin.call('createGuardrail', {
      params,
      body: {
        metric: 'errorRate',
        threshold: { kind: 'relative', value: 1 },
        minimumSample: 100,
        windowSeconds: 60,
      },
    });
    await tripswitch.admin.call('createGuardrail', {
      params,
      body: {
        metric: 'errorRate',
        threshold: { kind: 'absolute', value: 0.05 },
        minimumSample: 100,
      },
    });
    await tripswitch.admin.call('startRollout', {
      params,
      body: { steps: [{ share: 100000, holdSeconds: 0 }] },
    });
    // Everyone has the treatment: the absolute guardrail still needs its sample first.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await tripswitch.admin.call('getRollout', { params })).state).toBe('running');
    await tripswitch.postEvents({ flags: [outcomes(flagKey, 'on', 150, 1)] });
    await expect
      .poll(async () => (await tripswitch.admin.call('getRollout', { params })).state, {
        timeout: 10_000,
      })
      .toBe('completed');
    const audit = await tripswitch.admin.call('listAudit', {
      query: { flag: flagKey, action: 'rollout.completed' },
    });
    expect(audit.items[0]?.comment).toContain('error rate: on 0.667% of 150 outcomes');
    expect(audit.items[0]?.comment).toContain('no control traffic at 100% to compare with');
  });

  it('pauses, resumes from the current step and aborts back to control, as a person asks', async () => {
    const tripswitch = await setup();
    const params = tripswitch.at(await tripswitch.flag());
    await tripswitch.admin.call('startRollout', {
      params,
      body: {
        steps: [
          { share: 5000, holdSeconds: 1 },
          { share: 100000, holdSeconds: HOUR },
        ],
      },
    });
    const paused = await tripswitch.admin.call('pauseRollout', {
      params,
      body: { comment: 'looking' },
    });
    expect(paused).toMatchObject({ state: 'paused', nextStepAt: null, nextShare: null });
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect((await tripswitch.admin.call('getRollout', { params })).stepIndex).toBe(0);
    expect(await problemOf(tripswitch.admin.call('pauseRollout', { params }))).toMatchObject({
      code: 'TS_ROLLOUT_CONFLICT',
    });
    const resumed = await tripswitch.admin.call('resumeRollout', { params });
    expect(resumed.state).toBe('running');
    expect(Date.parse(resumed.stepStartedAt)).toBeGreaterThan(Date.parse(paused.stepStartedAt));
    const aborted = await tripswitch.admin.call('abortRollout', {
      params,
      body: { comment: 'not today' },
    });
    expect(aborted).toMatchObject({ state: 'aborted' });
    expect(aborted.finishedAt).not.toBeNull();
    const config = (await tripswitch.admin.call('getFlagEnvironment', { params })).config;
    expect(config.defaultServe).toEqual({ variant: 'off' });
    const audit = await tripswitch.admin.call('listAudit', { query: { flag: params.flagKey } });
    expect(
      audit.items.map((entry) => entry.action).filter((action) => action.startsWith('rollout.')),
    ).toEqual(['rollout.aborted', 'rollout.resumed', 'rollout.paused', 'rollout.started']);
  });

  it('pauses itself when a person changes the default rule, and resuming serves the step again', async () => {
    const tripswitch = await setup();
    const params = tripswitch.at(await tripswitch.flag());
    await tripswitch.admin.call('startRollout', {
      params,
      body: {
        steps: [
          { share: 30000, holdSeconds: HOUR },
          { share: 100000, holdSeconds: HOUR },
        ],
      },
    });
    const current = await tripswitch.admin.call('getFlagEnvironment', { params });
    await tripswitch.admin.call('updateFlagEnvironment', {
      params,
      body: {
        baseVersion: current.version,
        config: { ...current.config, defaultServe: { variant: 'on' } },
      },
    });
    await expect
      .poll(async () => (await tripswitch.admin.call('getRollout', { params })).state, {
        timeout: 10_000,
      })
      .toBe('paused');
    const paused = await tripswitch.admin.call('getRollout', { params });
    expect(paused.reason).toBe(
      `The default rule was changed by hand (version ${current.version + 1}); resume to serve 30% again.`,
    );
    await tripswitch.admin.call('resumeRollout', { params });
    const resumed = await tripswitch.admin.call('getFlagEnvironment', { params });
    expect(shares(resumed.config)).toEqual([30000, 70000]);
    expect(resumed.version).toBe(current.version + 2);
  });

  it('survives a restart: another server on the same database carries the rollout on', async () => {
    const tripswitch = await setup();
    const flagKey = await tripswitch.flag();
    const params = tripswitch.at(flagKey);
    await tripswitch.admin.call('startRollout', {
      params,
      body: {
        steps: [
          { share: 10000, holdSeconds: 2 },
          { share: 100000, holdSeconds: HOUR },
        ],
      },
    });
    await tripswitch.server.app.close();
    const successor = await buildApp({
      ...parseConfig({}),
      ...FAST,
      databaseUrl: tripswitch.server.database.url,
      adminToken: tripswitch.server.adminToken,
      logLevel: 'silent',
    });
    onTestFinished(() => successor.close());
    const rolloutOf = async () =>
      (
        await successor.inject({
          method: 'GET',
          url: `/api/v1/flags/${flagKey}/environments/production/rollout`,
          headers: { authorization: `Bearer ${tripswitch.server.adminToken}` },
        })
      ).json();
    await expect.poll(async () => (await rolloutOf()).stepIndex, { timeout: 10_000 }).toBe(1);
  });
});

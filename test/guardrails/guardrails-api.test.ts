import { describe, expect, it, onTestFinished } from 'vitest';
import { guardedTripswitch, outcomes, problemOf } from './support.ts';

// Guardrail definitions over the REST API: defaults, validation, live verdicts, audit.

async function setup() {
  const tripswitch = await guardedTripswitch();
  onTestFinished(() => tripswitch.close());
  return tripswitch;
}

describe('guardrails', () => {
  it('creates a guardrail with defaults, lists it with its verdict now, and audits it', async () => {
    const tripswitch = await setup();
    const flagKey = await tripswitch.flag();
    const params = tripswitch.at(flagKey);
    const created = await tripswitch.admin.call('createGuardrail', {
      params,
      body: {
        metric: 'errorRate',
        threshold: { kind: 'relative', value: 0.5 },
        comment: 'watch it',
      },
    });
    expect(created).toMatchObject({
      flagKey,
      environment: 'production',
      metric: 'errorRate',
      event: null,
      threshold: { kind: 'relative', value: 0.5 },
      minimumSample: 200,
      windowSeconds: null,
      confidence: 0.99,
      action: 'kill',
      controlVariant: null,
      state: 'armed',
      trip: null,
      status: {
        outcome: 'insufficientSample',
        treatments: [],
        control: { variant: 'off', sample: 0 },
      },
    });
    expect(created.status.summary).toContain('no treatment variant has data');
    const listed = await tripswitch.admin.call('listGuardrails', { params });
    expect(listed.items.map((item) => item.id)).toEqual([created.id]);
    const audit = await tripswitch.admin.call('listAudit', {
      query: { flag: flagKey, action: 'guardrail.created' },
    });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ comment: 'watch it', environment: 'production' });
  });

  it('shows the figures it judges by, per variant, as counters arrive', async () => {
    const tripswitch = await setup();
    const flagKey = await tripswitch.flag();
    const params = tripswitch.at(flagKey);
    const { id } = await tripswitch.admin.call('createGuardrail', {
      params,
      body: {
        metric: 'errorRate',
        threshold: { kind: 'absolute', value: 0.2 },
        minimumSample: 100,
      },
    });
    await tripswitch.postEvents({
      flags: [outcomes(flagKey, 'on', 50, 1), outcomes(flagKey, 'off', 500)],
    });
    await expect
      .poll(
        async () =>
          (await tripswitch.admin.call('getGuardrail', { params: { ...params, guardrailId: id } }))
            .status,
      )
      .toMatchObject({
        outcome: 'insufficientSample',
        treatments: [{ variant: 'on', sample: 50, value: 0.02, outcome: 'insufficientSample' }],
      });
    await tripswitch.postEvents({ flags: [outcomes(flagKey, 'on', 150, 3)] });
    await expect
      .poll(
        async () =>
          (await tripswitch.admin.call('getGuardrail', { params: { ...params, guardrailId: id } }))
            .status,
      )
      .toMatchObject({
        outcome: 'healthy',
        treatments: [{ variant: 'on', sample: 200, value: 0.02, limit: 0.2, outcome: 'healthy' }],
      });
  });

  it('refuses definitions that do not hold together, naming the field', async () => {
    const tripswitch = await setup();
    const flagKey = await tripswitch.flag();
    const params = tripswitch.at(flagKey);
    const threshold = { kind: 'absolute' as const, value: 0.1 };
    expect(
      await problemOf(
        tripswitch.admin.call('createGuardrail', {
          params,
          body: { metric: 'eventRate', threshold },
        }),
      ),
    ).toMatchObject({
      code: 'TS_VALIDATION',
      errors: [{ field: '/body/event', message: 'is required for the eventRate metric' }],
    });
    expect(
      await problemOf(
        tripswitch.admin.call('createGuardrail', {
          params,
          body: {
            metric: 'errorRate',
            threshold: { kind: 'absolute', value: 5 },
            controlVariant: 'nope',
          },
        }),
      ),
    ).toMatchObject({
      errors: [
        {
          field: '/body/threshold/value',
          message: 'an absolute rate is a fraction between 0 and 1 (0.05 is 5%)',
        },
        { field: '/body/controlVariant', message: 'no variant "nope" in this flag' },
      ],
    });
    expect(
      await problemOf(
        tripswitch.admin.call('createGuardrail', {
          params,
          body: { metric: 'latencyP95', threshold, confidence: 1 },
        }),
      ),
    ).toMatchObject({ errors: [{ field: '/body/confidence' }] });
    expect(
      await problemOf(
        tripswitch.admin.call('createGuardrail', {
          params: tripswitch.at('no-such-flag'),
          body: { metric: 'errorRate', threshold },
        }),
      ),
    ).toMatchObject({ status: 404, code: 'TS_NOT_FOUND' });
    expect(
      await problemOf(
        tripswitch.admin.call('getGuardrail', { params: { ...params, guardrailId: 'missing' } }),
      ),
    ).toMatchObject({
      status: 404,
      detail: `No guardrail "missing" on flag "${flagKey}" in production.`,
    });
  });

  it('documents the trip switch endpoints in the OpenAPI document', async () => {
    const tripswitch = await setup();
    const document = (await tripswitch.server.api({ method: 'GET', url: '/openapi.json' })).json();
    const flagEnvironment = '/api/v1/flags/{flagKey}/environments/{environment}';
    for (const path of [
      `${flagEnvironment}/guardrails`,
      `${flagEnvironment}/guardrails/{guardrailId}/rearm`,
      `${flagEnvironment}/rollout`,
      `${flagEnvironment}/rollout/pause`,
      `${flagEnvironment}/metrics`,
      '/api/v1/webhooks',
      '/api/v1/webhooks/{webhookId}/deliveries',
      '/sdk/v1/events',
    ]) {
      expect(Object.keys(document.paths)).toContain(path);
    }
    expect(document.paths[`${flagEnvironment}/guardrails`].post.tags).toEqual(['guardrails']);
  });

  it('changes and removes a guardrail, each audited with what it was before', async () => {
    const tripswitch = await setup();
    const flagKey = await tripswitch.flag();
    const params = tripswitch.at(flagKey);
    const { id } = await tripswitch.admin.call('createGuardrail', {
      params,
      body: { metric: 'latencyP99', threshold: { kind: 'absolute', value: 800 } },
    });
    const guardrailParams = { ...params, guardrailId: id };
    const updated = await tripswitch.admin.call('updateGuardrail', {
      params: guardrailParams,
      body: { threshold: { kind: 'relative', value: 0.25 }, windowSeconds: 60, action: 'revert' },
    });
    expect(updated).toMatchObject({
      threshold: { kind: 'relative', value: 0.25 },
      windowSeconds: 60,
      action: 'revert',
    });
    await tripswitch.admin.call('deleteGuardrail', { params: guardrailParams });
    expect((await tripswitch.admin.call('listGuardrails', { params })).items).toEqual([]);
    const audit = await tripswitch.admin.call('listAudit', { query: { flag: flagKey } });
    const actions = audit.items.map((entry) => entry.action);
    expect(actions.slice(0, 3)).toEqual([
      'guardrail.deleted',
      'guardrail.updated',
      'guardrail.created',
    ]);
    expect(audit.items[1]).toMatchObject({
      before: { thresholdKind: 'absolute', thresholdValue: 800 },
      after: { thresholdKind: 'relative', thresholdValue: 0.25, action: 'revert' },
    });
  });
});

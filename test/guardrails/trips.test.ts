import { createHmac } from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import { guardedTripswitch, outcomes, problemOf, webhookReceiver } from './support.ts';

// A breach trips the switch: an ordinary versioned change by actor `guardrail`, audited, sent to
// webhooks, and held until a person re-arms it. Noise and short samples never trip it.

async function setup() {
  const tripswitch = await guardedTripswitch();
  onTestFinished(() => tripswitch.close());
  return tripswitch;
}

const HOUR = 3600;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a guardrail trip', () => {
  it('kills the flag as actor guardrail with the figures, ends the rollout, audits, and waits for a person', async () => {
    const tripswitch = await setup();
    const hooks = await webhookReceiver();
    onTestFinished(() => hooks.close());
    const { secret } = await tripswitch.admin.call('createWebhook', {
      body: { name: 'on-call', url: hooks.url, events: ['guardrail.tripped'] },
    });
    const flagKey = await tripswitch.flag();
    const params = tripswitch.at(flagKey);
    const { id } = await tripswitch.admin.call('createGuardrail', {
      params,
      body: {
        metric: 'errorRate',
        threshold: { kind: 'relative', value: 0.5 },
        minimumSample: 100,
        windowSeconds: 60,
      },
    });
    await tripswitch.admin.call('startRollout', {
      params,
      body: {
        steps: [
          { share: 50000, holdSeconds: HOUR },
          { share: 100000, holdSeconds: 0 },
        ],
      },
    });
    await tripswitch.postEvents({
      flags: [outcomes(flagKey, 'on', 300, 90), outcomes(flagKey, 'off', 300, 3)],
    });
    const guardrailParams = { ...params, guardrailId: id };
    await expect
      .poll(
        async () =>
          (await tripswitch.admin.call('getGuardrail', { params: guardrailParams })).trip?.version,
        {
          timeout: 10_000,
        },
      )
      .toBeTypeOf('number');

    const guardrail = await tripswitch.admin.call('getGuardrail', { params: guardrailParams });
    expect(guardrail).toMatchObject({ state: 'tripped', status: { outcome: 'idle' } });
    const trip = guardrail.trip;
    expect(trip?.evaluation).toMatchObject({
      outcome: 'breached',
      control: { variant: 'off', sample: 300, value: 0.01 },
      treatments: [{ variant: 'on', sample: 300, value: 0.3, limit: 0.015, outcome: 'breached' }],
    });
    const flagEnvironment = await tripswitch.admin.call('getFlagEnvironment', { params });
    expect(flagEnvironment).toMatchObject({
      version: trip?.version,
      updatedBy: 'guardrail',
      config: { on: false },
    });
    const [version] = (await tripswitch.admin.call('listFlagVersions', { params })).items;
    expect(version).toMatchObject({ actor: 'guardrail', source: 'guardrail' });
    expect(version?.comment).toMatch(
      /^Guardrail tripped \(kill\): error rate: on 30% of 300 outcomes, limit 1\.5%: above it \(evidence over 1e12 >= 100; it is at least [\d.]+x the control's rate\); control off 1% of 300 outcomes\.$/,
    );
    const rollout = await tripswitch.admin.call('getRollout', { params });
    expect(rollout).toMatchObject({ state: 'tripped' });
    expect(rollout.reason).toContain(`Guardrail ${id} tripped: error rate: on 30%`);

    // The audit trail says what happened, by whom, and why.
    const audit = await tripswitch.admin.call('listAudit', {
      query: { flag: flagKey, actor: 'guardrail' },
    });
    expect(audit.items.map((entry) => [entry.action, entry.source])).toEqual([
      ['flagEnvironment.killed', 'guardrail'],
      ['guardrail.tripped', 'guardrail'],
    ]);
    expect(audit.items[1]?.comment).toBe(version?.comment);

    // The webhook got a signed notice of it.
    await expect.poll(() => hooks.received.length, { timeout: 10_000 }).toBe(1);
    const [notice] = hooks.received;
    const timestamp = notice?.headers['x-tripswitch-timestamp'] as string;
    const expected = createHmac('sha256', secret)
      .update(`${timestamp}.${notice?.body}`)
      .digest('hex');
    expect(notice?.headers['x-tripswitch-signature']).toBe(`sha256=${expected}`);
    expect(notice?.headers['x-tripswitch-event']).toBe('guardrail.tripped');
    expect(JSON.parse(notice?.body ?? '')).toMatchObject({
      event: 'guardrail.tripped',
      environment: 'production',
      flagKey,
      guardrailId: id,
      action: 'kill',
      version: trip?.version,
    });

    // Tripped until a person re-arms it: no new rollout before then.
    const refused = await problemOf(
      tripswitch.admin.call('startRollout', {
        params,
        body: { steps: [{ share: 100000, holdSeconds: 0 }] },
      }),
    );
    expect(refused).toMatchObject({ status: 409, code: 'TS_GUARDRAIL_TRIPPED' });
    const rearmed = await tripswitch.admin.call('rearmGuardrail', {
      params: guardrailParams,
      body: { comment: 'fixed in 1.4.3' },
    });
    expect(rearmed.state).toBe('armed');
    // The data that tripped it is not held against the flag again once it is back on.
    await tripswitch.admin.call('enableFlag', { params });
    await sleep(600);
    expect((await tripswitch.admin.call('getGuardrail', { params: guardrailParams })).state).toBe(
      'armed',
    );
    expect((await tripswitch.admin.call('getFlagEnvironment', { params })).config.on).toBe(true);
  });

  it('reverts to the version before the rollout began when that is its action', async () => {
    const tripswitch = await setup();
    const flagKey = await tripswitch.flag();
    const params = tripswitch.at(flagKey);
    const before = await tripswitch.admin.call('getFlagEnvironment', { params });
    await tripswitch.admin.call('createGuardrail', {
      params,
      body: {
        metric: 'errorRate',
        threshold: { kind: 'absolute', value: 0.05 },
        minimumSample: 100,
        action: 'revert',
      },
    });
    await tripswitch.admin.call('startRollout', {
      params,
      body: {
        steps: [
          { share: 20000, holdSeconds: HOUR },
          { share: 100000, holdSeconds: 0 },
        ],
      },
    });
    await tripswitch.postEvents({ flags: [outcomes(flagKey, 'on', 200, 60)] });
    await expect
      .poll(async () => (await tripswitch.admin.call('getFlagEnvironment', { params })).updatedBy, {
        timeout: 10_000,
      })
      .toBe('guardrail');
    const reverted = await tripswitch.admin.call('getFlagEnvironment', { params });
    expect(reverted.config).toEqual(before.config);
    expect(reverted.version).toBe(before.version + 2);
    const [version] = (await tripswitch.admin.call('listFlagVersions', { params })).items;
    expect(version?.comment).toContain(`Reverted to version ${before.version}.`);
  });

  it('does not trip below the minimum sample, however bad the figures', async () => {
    const tripswitch = await setup();
    const flagKey = await tripswitch.flag();
    const params = tripswitch.at(flagKey);
    const { id } = await tripswitch.admin.call('createGuardrail', {
      params,
      body: {
        metric: 'errorRate',
        threshold: { kind: 'absolute', value: 0.01 },
        minimumSample: 500,
      },
    });
    await tripswitch.postEvents({ flags: [outcomes(flagKey, 'on', 499, 499)] });
    await expect
      .poll(
        async () =>
          (await tripswitch.admin.call('getGuardrail', { params: { ...params, guardrailId: id } }))
            .status.treatments[0]?.sample,
      )
      .toBe(499);
    await sleep(500);
    const guardrail = await tripswitch.admin.call('getGuardrail', {
      params: { ...params, guardrailId: id },
    });
    expect(guardrail).toMatchObject({ state: 'armed', status: { outcome: 'insufficientSample' } });
    expect((await tripswitch.admin.call('getFlagEnvironment', { params })).config.on).toBe(true);
  });

  it('does not trip a treatment at the same error rate as its control', async () => {
    const tripswitch = await setup();
    const flagKey = await tripswitch.flag();
    const params = tripswitch.at(flagKey);
    const { id } = await tripswitch.admin.call('createGuardrail', {
      params,
      body: { metric: 'errorRate', threshold: { kind: 'relative', value: 0 }, minimumSample: 1000 },
    });
    // 2% each, over enough samples for a verdict.
    for (let i = 0; i < 5; i++) {
      await tripswitch.postEvents({
        flags: [outcomes(flagKey, 'on', 1000, 20), outcomes(flagKey, 'off', 1000, 20)],
      });
    }
    await expect
      .poll(
        async () =>
          (await tripswitch.admin.call('getGuardrail', { params: { ...params, guardrailId: id } }))
            .status.outcome,
      )
      .toBe('healthy');
    await sleep(500);
    expect(
      (await tripswitch.admin.call('getGuardrail', { params: { ...params, guardrailId: id } }))
        .state,
    ).toBe('armed');
  });
});

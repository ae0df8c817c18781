import { describe, expect, it, onTestFinished } from 'vitest';
import { guardedTripswitch, outcomes, problemOf } from './support.ts';

// Dry runs: a shadow guardrail judges and records its would-be trip without acting, and a replay
// re-judges stored metrics with a guardrail (new or existing) to say when it would have tripped.

async function setup() {
  const tripswitch = await guardedTripswitch();
  onTestFinished(() => tripswitch.close());
  return tripswitch;
}

const strict = { metric: 'errorRate', threshold: { kind: 'absolute', value: 0.01 } } as const;

describe('shadow mode', () => {
  it('records when it would have tripped, acts on nothing, holds no rollout and spends no budget', async () => {
    const tripswitch = await setup();
    const { admin } = tripswitch;
    const flagKey = await tripswitch.flag();
    const params = tripswitch.at(flagKey);
    const shadow = await admin.call('createGuardrail', {
      params,
      body: { ...strict, shadow: true, comment: 'see what it would do' },
    });
    const armed = await admin.call('createGuardrail', {
      params,
      body: { metric: 'errorRate', threshold: { kind: 'absolute', value: 0.9 } },
    });
    // The armed guardrail has the whole budget; the shadow one judges at the share it would have.
    expect(armed.status.alpha).toBeCloseTo(0.01, 12);
    await admin.call('startRollout', {
      params,
      body: {
        steps: [
          { share: 50_000, holdSeconds: 0 },
          { share: 100_000, holdSeconds: 0 },
        ],
      },
    });
    await tripswitch.postEvents({
      flags: [outcomes(flagKey, 'on', 300, 90), outcomes(flagKey, 'off', 300, 90)],
    });
    const guardrailParams = { ...params, guardrailId: shadow.id };
    await expect
      .poll(
        async () =>
          (await admin.call('getGuardrail', { params: guardrailParams })).shadowTrip?.at ?? null,
        { timeout: 10_000 },
      )
      .not.toBeNull();
    const recorded = await admin.call('getGuardrail', { params: guardrailParams });
    expect(recorded.shadowTrip?.evaluation.alpha).toBeCloseTo(0.005, 12);
    expect(recorded).toMatchObject({ state: 'armed', shadow: true, trip: null });
    expect(recorded.shadowTrip?.evaluation).toMatchObject({
      outcome: 'breached',
      treatments: [{ variant: 'on', outcome: 'breached' }],
    });
    await expect
      .poll(async () => (await admin.call('getRollout', { params })).state, { timeout: 10_000 })
      .toBe('completed');
    expect((await admin.call('getFlagEnvironment', { params })).config.on).toBe(true);
    const trips = await admin.call('listAudit', {
      query: { flag: flagKey, action: 'guardrail.tripped' },
    });
    expect(trips.items).toEqual([]);
  });
});

describe('replay', () => {
  it('answers when a new or an existing guardrail would have tripped on the stored metrics', async () => {
    const tripswitch = await setup();
    const { admin } = tripswitch;
    const flagKey = await tripswitch.flag();
    const params = tripswitch.at(flagKey);
    const from = new Date(Date.now() - 5_000).toISOString();
    await tripswitch.postEvents({
      flags: [outcomes(flagKey, 'on', 400, 40), outcomes(flagKey, 'off', 400, 4)],
    });
    // The ingest flush writes the batch within 50 ms; the replay reads what is stored.
    const to = new Date(Date.now() + 2_000).toISOString();
    await new Promise((resolve) => setTimeout(resolve, 300));

    const tripping = await admin.call('replayGuardrail', {
      params,
      body: { guardrail: strict, from, to },
    });
    expect(tripping.trippedAt).not.toBeNull();
    expect(tripping.evaluation).toMatchObject({
      outcome: 'breached',
      treatments: [{ variant: 'on', sample: 400, value: 0.1, outcome: 'breached' }],
    });
    expect(Date.parse(tripping.trippedAt as string)).toBeGreaterThan(Date.parse(from));

    const lenient = await admin.call('replayGuardrail', {
      params,
      body: { guardrail: { ...strict, threshold: { kind: 'absolute', value: 0.5 } }, from, to },
    });
    expect(lenient).toMatchObject({ trippedAt: null, evaluation: { outcome: 'healthy' } });
    expect(lenient.looks).toBeGreaterThan(1);

    const existing = await admin.call('createGuardrail', {
      params,
      body: { metric: 'errorRate', threshold: { kind: 'relative', value: 1 } },
    });
    const byId = await admin.call('replayGuardrail', {
      params,
      body: { guardrailId: existing.id, from, to },
    });
    // 10% against 1%: far more than twice the control's rate.
    expect(byId.trippedAt).not.toBeNull();
  });

  it('refuses a replay that names no guardrail, or both, or a range that runs backwards', async () => {
    const tripswitch = await setup();
    const params = tripswitch.at(await tripswitch.flag());
    const now = Date.now();
    const from = new Date(now - 60_000).toISOString();
    const neither = await problemOf(
      tripswitch.admin.call('replayGuardrail', { params, body: { from } }),
    );
    expect(neither.status).toBe(400);
    expect(neither.errors?.map((e) => e.field)).toEqual(['/body']);
    const backwards = await problemOf(
      tripswitch.admin.call('replayGuardrail', {
        params,
        body: { guardrail: strict, from, to: new Date(now - 120_000).toISOString() },
      }),
    );
    expect(backwards.errors?.map((e) => e.field)).toEqual(['/body/to']);
    const unknownControl = await problemOf(
      tripswitch.admin.call('replayGuardrail', {
        params,
        body: { guardrail: { ...strict, controlVariant: 'nope' }, from },
      }),
    );
    expect(unknownControl.errors?.map((e) => e.field)).toEqual(['/body/guardrail/controlVariant']);
  });
});

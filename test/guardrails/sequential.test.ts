import type { VariantCounters } from '@tripswitch/sdk/protocol';
import { describe, expect, it, onTestFinished } from 'vitest';
import { seededRandom } from '../../sdk/src/core/factories.ts';
import { binomial } from './simulation.ts';
import { guardedTripswitch, outcomes, problemOf } from './support.ts';

// Sequential judgement end to end, as the issue measured it from outside: a running server with
// short intervals (a look every 100 ms, 1 s buckets), SDK counters posted to /sdk/v1/events, every
// flag at the defaults (confidence 0.99, minimum sample 200, no window). Healthy A/A flags must
// survive every look; a broken one must trip; a split far from its weights must hold the rollout.

const HEALTHY_FLAGS = 10;
const BATCH_EVERY_MS = 100;
/** Long enough for the split check to start (15 s after the configuration changed) and judge. */
const DURATION_MS = 22_000;
const PER_BATCH = 100;
const ERROR_RATE = 0.02;

async function setup() {
  const tripswitch = await guardedTripswitch();
  onTestFinished(() => tripswitch.close());
  return tripswitch;
}

describe('sequential guardrails on a running server', () => {
  it('never trips healthy A/A flags over hundreds of looks, trips a broken one, and holds a mismatched split', async () => {
    const tripswitch = await setup();
    const { admin } = tripswitch;
    const healthy = await Promise.all(
      Array.from({ length: HEALTHY_FLAGS }, () => tripswitch.flag()),
    );
    const broken = await tripswitch.flag();
    const skewed = await tripswitch.flag();
    for (const flagKey of [...healthy, broken, skewed]) {
      await admin.call('createGuardrail', {
        params: tripswitch.at(flagKey),
        body: { metric: 'errorRate', threshold: { kind: 'relative', value: 0 } },
      });
    }
    // The skewed flag serves 50/50 by weights, but "on" is evaluated a third as often as "off":
    // its first step holds long enough for the split check to judge.
    await admin.call('startRollout', {
      params: tripswitch.at(skewed),
      body: {
        steps: [
          { share: 50_000, holdSeconds: 18 },
          { share: 100_000, holdSeconds: 0 },
        ],
      },
    });

    const rng = seededRandom(20261204);
    const counters = (flagKey: string, variant: string, rate: number) =>
      outcomes(flagKey, variant, PER_BATCH, binomial(rng, PER_BATCH, rate));
    const started = Date.now();
    let batches = 0;
    while (Date.now() - started < DURATION_MS) {
      const flags: VariantCounters[] = [
        ...healthy.flatMap((flagKey) => [
          counters(flagKey, 'on', ERROR_RATE),
          counters(flagKey, 'off', ERROR_RATE),
        ]),
        counters(broken, 'on', 5 * ERROR_RATE),
        counters(broken, 'off', ERROR_RATE),
        { ...counters(skewed, 'on', ERROR_RATE), evaluations: PER_BATCH },
        { ...counters(skewed, 'off', ERROR_RATE), evaluations: 3 * PER_BATCH },
      ];
      const { status } = await tripswitch.postEvents({ flags });
      expect(status).toBe(204);
      batches++;
      await new Promise((resolve) => setTimeout(resolve, BATCH_EVERY_MS));
    }
    expect(batches).toBeGreaterThan(100);

    const guardrailsOf = async (flagKey: string) =>
      (await admin.call('listGuardrails', { params: tripswitch.at(flagKey) })).items;
    const [brokenGuardrail] = await guardrailsOf(broken);
    expect(brokenGuardrail?.state).toBe('tripped');
    expect(brokenGuardrail?.trip?.evaluation.treatments[0]).toMatchObject({ outcome: 'breached' });
    expect(
      (await admin.call('getFlagEnvironment', { params: tripswitch.at(broken) })).config.on,
    ).toBe(false);

    for (const flagKey of healthy) {
      const [guardrail] = await guardrailsOf(flagKey);
      expect(guardrail?.state, `${flagKey}: ${guardrail?.trip?.evaluation.summary}`).toBe('armed');
      expect(guardrail?.status.outcome).toBe('healthy');
      // Every batch's outcomes are in the evidence: the sequence began at creation.
      expect(guardrail?.status.treatments[0]?.sample).toBeGreaterThanOrEqual(batches * PER_BATCH);
      expect(guardrail?.status.treatments[0]?.evidence).toBeLessThan(
        guardrail?.status.threshold as number,
      );
    }

    const [skewedGuardrail] = await guardrailsOf(skewed);
    expect(skewedGuardrail?.state).toBe('armed');
    expect(skewedGuardrail?.status.outcome).toBe('held');
    expect(skewedGuardrail?.status.hold?.reason).toBe('sampleRatioMismatch');
    expect(skewedGuardrail?.status.summary).toContain('the split is not as configured');
    const rollout = await admin.call('getRollout', { params: tripswitch.at(skewed) });
    // The hold is over, but the rollout waits on the mismatch instead of advancing.
    expect(Date.now() - Date.parse(rollout.stepStartedAt)).toBeGreaterThan(18_000);
    expect(rollout).toMatchObject({ state: 'running', stepIndex: 0 });
  }, 60_000);

  it('refuses a guardrail whose share of the budget would leave a test nothing to spend', async () => {
    const tripswitch = await setup();
    const key = `many-variants-${Date.now()}`;
    await tripswitch.admin.call('createFlag', {
      body: {
        key,
        kind: 'number',
        variants: Array.from({ length: 12 }, (_, i) => ({ key: `v${i}`, value: i })),
        defaultVariation: 'v0',
      },
    });
    await tripswitch.admin.call('enableFlag', { params: tripswitch.at(key) });
    const problem = await problemOf(
      tripswitch.admin.call('createGuardrail', {
        params: tripswitch.at(key),
        body: {
          metric: 'errorRate',
          threshold: { kind: 'absolute', value: 0.01 },
          confidence: 0.9999,
        },
      }),
    );
    expect(problem.status).toBe(400);
    expect(problem.errors).toEqual([
      expect.objectContaining({
        field: '/body/confidence',
        message: expect.stringContaining('11 tests'),
      }),
    ]);
    // The same guardrail at a confidence the budget can carry is taken.
    const taken = await tripswitch.admin.call('createGuardrail', {
      params: tripswitch.at(key),
      body: {
        metric: 'errorRate',
        threshold: { kind: 'absolute', value: 0.01 },
        confidence: 0.999,
      },
    });
    expect(taken.status.alpha).toBeCloseTo(0.001 / 11, 12);
  });
});

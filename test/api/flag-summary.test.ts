import { describe, expect, it, onTestFinished } from 'vitest';
import { guardedTripswitch, outcomes } from '../guardrails/support.ts';

// The flags list says per environment what people get without fetching every configuration: the
// default rule's serve (a rollout's shares), the off variation, and whether a guardrail tripped.

const HOUR = 3600;

describe('a flag summary per environment', () => {
  it('carries the default serve, the off variation and the tripped state until a person re-arms', async () => {
    const tripswitch = await guardedTripswitch();
    onTestFinished(() => tripswitch.close());
    const flagKey = await tripswitch.flag();
    const params = tripswitch.at(flagKey);
    const summary = async () => {
      const { items } = await tripswitch.admin.call('listFlags', { query: { q: flagKey } });
      return items.find((flag) => flag.key === flagKey)?.environments.production;
    };
    expect(await summary()).toEqual({
      on: true,
      version: 2,
      offVariation: 'off',
      defaultServe: { variant: 'off' },
      tripped: false,
    });

    const { id } = await tripswitch.admin.call('createGuardrail', {
      params,
      body: {
        metric: 'errorRate',
        threshold: { kind: 'absolute', value: 0.05 },
        minimumSample: 100,
        windowSeconds: 60,
      },
    });
    await tripswitch.admin.call('startRollout', {
      params,
      body: {
        steps: [
          { share: 25000, holdSeconds: HOUR },
          { share: 100000, holdSeconds: 0 },
        ],
      },
    });
    expect((await summary())?.defaultServe).toEqual({
      rollout: {
        variations: [
          { variant: 'on', weight: 25000 },
          { variant: 'off', weight: 75000 },
        ],
      },
    });

    await tripswitch.postEvents({
      flags: [outcomes(flagKey, 'on', 300, 90), outcomes(flagKey, 'off', 300, 3)],
    });
    await expect.poll(async () => (await summary())?.tripped, { timeout: 10_000 }).toBe(true);
    expect((await summary())?.on).toBe(false);
    // The flag itself reads the same as the list.
    const flag = await tripswitch.admin.call('getFlag', { params: { flagKey } });
    expect(flag.environments.production?.tripped).toBe(true);

    await tripswitch.admin.call('rearmGuardrail', {
      params: { ...params, guardrailId: id },
      body: {},
    });
    expect((await summary())?.tripped).toBe(false);
  });
});

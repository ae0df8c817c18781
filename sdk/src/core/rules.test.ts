import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { compiled, condition, flag, rollout, rule } from './factories.ts';

const snapshot = compiled([
  flag({
    rules: [
      rule(
        [condition('country', 'in', ['NO', 'SE']), condition('plan', 'in', ['pro', 'team'])],
        'on',
        'nordic-pro',
      ),
      rule(
        [condition('beta', 'in', ['true'])],
        rollout([
          ['on', 100000],
          ['off', 0],
        ]),
        'beta-rollout',
      ),
    ],
  }),
]);

describe('rules', () => {
  it('serves a rule variant when every condition matches, with TARGETING_MATCH and the rule index and id', () => {
    expect(
      evaluate(snapshot, 'checkout', { key: 'u', country: 'SE', plan: 'team' }, false),
    ).toEqual({
      flagKey: 'checkout',
      value: true,
      variant: 'on',
      reason: 'TARGETING_MATCH',
      ruleIndex: 0,
      ruleId: 'nordic-pro',
      flagVersion: 1,
    });
  });

  it('does not serve a rule when only some of its conditions match', () => {
    expect(
      evaluate(snapshot, 'checkout', { key: 'u', country: 'SE', plan: 'free' }, true).reason,
    ).toBe('DEFAULT');
    expect(evaluate(snapshot, 'checkout', { key: 'u', plan: 'pro' }, true).reason).toBe('DEFAULT');
  });

  it('reports SPLIT with the rule index and id when a matched rule serves a rollout', () => {
    expect(evaluate(snapshot, 'checkout', { key: 'u', beta: true }, false)).toMatchObject({
      variant: 'on',
      reason: 'SPLIT',
      ruleIndex: 1,
      ruleId: 'beta-rollout',
    });
  });

  it('serves the default rule without a rule index when no rule matches', () => {
    const detail = evaluate(snapshot, 'checkout', { key: 'u' }, true);
    expect(detail.ruleIndex).toBeUndefined();
    expect(detail.ruleId).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { compiled, condition, flag, rollout, rule } from './factories.ts';

const killable = flag({
  on: false,
  targets: [{ variant: 'on', values: ['vip'] }],
  rules: [rule([condition('country', 'in', ['NO'])], 'on')],
  defaultServe: { variant: 'on' },
});

describe('order of evaluation', () => {
  it('serves the default with PROVIDER_NOT_READY before any snapshot arrived', () => {
    const detail = evaluate(undefined, 'checkout', { key: 'u1' }, 'fallback');
    expect(detail).toMatchObject({
      value: 'fallback',
      reason: 'ERROR',
      errorCode: 'PROVIDER_NOT_READY',
    });
    expect(detail.variant).toBeUndefined();
  });

  it('serves the caller default with FLAG_NOT_FOUND for an unknown flag', () => {
    const detail = evaluate(compiled([flag()]), 'nope', { key: 'u1' }, 42);
    expect(detail).toMatchObject({
      flagKey: 'nope',
      value: 42,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    });
    expect(detail.errorMessage).toContain('nope');
  });

  it('serves the off variation when the flag is killed, even to targeted and matching contexts', () => {
    const snapshot = compiled([killable]);
    for (const context of [{ key: 'vip' }, { key: 'u1', country: 'NO' }, { key: 'u2' }]) {
      expect(evaluate(snapshot, 'checkout', context, true)).toMatchObject({
        value: false,
        variant: 'off',
        reason: 'DISABLED',
        flagVersion: 1,
      });
    }
  });

  it('checks individual targets before rules', () => {
    const snapshot = compiled([{ ...killable, on: true, defaultServe: { variant: 'off' } }]);
    const detail = evaluate(snapshot, 'checkout', { key: 'vip', country: 'SE' }, false);
    expect(detail).toMatchObject({ variant: 'on', reason: 'TARGETING_MATCH' });
    expect(detail.ruleIndex).toBeUndefined();
  });

  it('takes the first matching rule in order', () => {
    const snapshot = compiled([
      flag({
        kind: 'string',
        variants: [
          { key: 'a', value: 'A' },
          { key: 'b', value: 'B' },
          { key: 'c', value: 'C' },
        ],
        offVariation: 'c',
        rules: [
          rule([condition('plan', 'in', ['pro'])], 'a', 'pro-rule'),
          rule([condition('country', 'in', ['NO'])], 'b', 'norway-rule'),
        ],
        defaultServe: { variant: 'c' },
      }),
    ]);
    expect(
      evaluate(snapshot, 'checkout', { key: 'u', plan: 'pro', country: 'NO' }, ''),
    ).toMatchObject({
      value: 'A',
      ruleIndex: 0,
      ruleId: 'pro-rule',
    });
    expect(
      evaluate(snapshot, 'checkout', { key: 'u', plan: 'free', country: 'NO' }, ''),
    ).toMatchObject({
      value: 'B',
      ruleIndex: 1,
      ruleId: 'norway-rule',
    });
  });

  it('falls through to the default rule with reason DEFAULT when nothing matches', () => {
    const snapshot = compiled([
      flag({ rules: [rule([condition('country', 'in', ['NO'])], 'on')] }),
    ]);
    const detail = evaluate(snapshot, 'checkout', { key: 'u1', country: 'DK' }, true);
    expect(detail).toEqual({
      flagKey: 'checkout',
      value: false,
      variant: 'off',
      reason: 'DEFAULT',
      flagVersion: 1,
    });
  });

  it('reports STATIC for a flag that is on with no targets, no rules and a fixed default variant', () => {
    const detail = evaluate(
      compiled([flag({ defaultServe: { variant: 'on' } })]),
      'checkout',
      {},
      false,
    );
    expect(detail).toMatchObject({ value: true, variant: 'on', reason: 'STATIC' });
  });

  it('reports SPLIT, not STATIC, when the default rule is a rollout', () => {
    const snapshot = compiled([flag({ defaultServe: rollout([['on', 100000]]) })]);
    expect(evaluate(snapshot, 'checkout', { key: 'u1' }, false)).toMatchObject({
      variant: 'on',
      reason: 'SPLIT',
    });
  });

  it('never throws on a context whose attributes throw when read', () => {
    const snapshot = compiled([
      flag({ rules: [rule([condition('country', 'in', ['NO'])], 'on')] }),
    ]);
    const hostile = {
      key: 'u1',
      get country(): string {
        throw new Error('boom');
      },
    };
    expect(evaluate(snapshot, 'checkout', hostile, true)).toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: 'GENERAL',
      errorMessage: 'boom',
    });
  });

  it('treats a context that is not an object as an empty context', () => {
    const snapshot = compiled([
      flag({ rules: [rule([condition('country', 'in', ['NO'], true)], 'on')] }),
    ]);
    const notAnObject = null as unknown as Record<string, unknown>;
    expect(evaluate(snapshot, 'checkout', notAnObject, false)).toMatchObject({
      variant: 'on',
      ruleIndex: 0,
    });
  });
});

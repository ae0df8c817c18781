import { describe, expect, it } from 'vitest';
import { flagKind, flagVersion, listFlags, toSnapshot } from './accessors.ts';
import { evaluate, evaluateAll } from './evaluate.ts';
import { compiled, condition, flag, rollout, rule, snapshot } from './factories.ts';

const flags = [
  flag({ rules: [rule([condition('plan', 'in', ['pro'])], 'on')] }),
  flag({
    key: 'banner',
    kind: 'string',
    version: 4,
    variants: [{ key: 'big', value: 'BIG' }],
    offVariation: 'big',
    defaultServe: { variant: 'big' },
  }),
  flag({ key: 'pricing', on: false }),
  flag({
    key: 'split',
    defaultServe: rollout([
      ['on', 50000],
      ['off', 50000],
    ]),
  }),
];

describe('evaluateAll', () => {
  it('evaluates every flag for one context exactly as evaluate does', () => {
    const compiledSnapshot = compiled(flags);
    const context = { key: 'u7', plan: 'pro' };
    const all = evaluateAll(compiledSnapshot, context);
    expect(Object.keys(all).sort()).toEqual(['banner', 'checkout', 'pricing', 'split']);
    for (const key of Object.keys(all)) {
      expect(all[key]).toEqual(evaluate(compiledSnapshot, key, context, null));
    }
  });

  it('gives errors the value null, as there is no caller default', () => {
    expect(evaluateAll(compiled(flags), {}).split).toMatchObject({
      value: null,
      reason: 'ERROR',
      errorCode: 'TARGETING_KEY_MISSING',
    });
  });

  it('returns no flags before a snapshot arrived', () => {
    expect(evaluateAll(undefined, { key: 'u1' })).toEqual({});
  });
});

describe('snapshot accessors', () => {
  const compiledSnapshot = compiled(flags);

  it('list flags with their kind and version', () => {
    expect(listFlags(compiledSnapshot)).toEqual(['checkout', 'banner', 'pricing', 'split']);
    expect(flagKind(compiledSnapshot, 'banner')).toBe('string');
    expect(flagVersion(compiledSnapshot, 'banner')).toBe(4);
    expect(flagKind(compiledSnapshot, 'nope')).toBeUndefined();
    expect(flagVersion(compiledSnapshot, 'nope')).toBeUndefined();
  });

  it('give back the wire snapshot that was compiled', () => {
    expect(toSnapshot(compiledSnapshot)).toEqual(snapshot(flags));
  });
});

import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { compiled, flag } from './factories.ts';

const snapshot = compiled([
  flag({
    targets: [
      { variant: 'on', values: ['alice', '42'] },
      { variant: 'off', values: ['bob', 'alice'] },
    ],
    defaultServe: { variant: 'off' },
  }),
]);

describe('individual targets', () => {
  it('serves the listed variant to a listed context key with TARGETING_MATCH', () => {
    expect(evaluate(snapshot, 'checkout', { key: 'alice' }, false)).toMatchObject({
      value: true,
      variant: 'on',
      reason: 'TARGETING_MATCH',
    });
    expect(evaluate(snapshot, 'checkout', { key: 'bob' }, true)).toMatchObject({
      variant: 'off',
      reason: 'TARGETING_MATCH',
    });
  });

  it('gives a key listed under two targets the first one', () => {
    expect(evaluate(snapshot, 'checkout', { key: 'alice' }, false).variant).toBe('on');
  });

  it('matches a numeric context key by its canonical text', () => {
    const numericKey = { key: 42 } as unknown as { key: string };
    expect(evaluate(snapshot, 'checkout', numericKey, false).variant).toBe('on');
  });

  it('skips targets for a context without a key, or with an empty one', () => {
    expect(evaluate(snapshot, 'checkout', {}, true).reason).toBe('DEFAULT');
    expect(evaluate(snapshot, 'checkout', { key: '' }, true).reason).toBe('DEFAULT');
  });

  it('does not match keys by prefix or case', () => {
    expect(evaluate(snapshot, 'checkout', { key: 'Alice' }, false).reason).toBe('DEFAULT');
    expect(evaluate(snapshot, 'checkout', { key: 'alic' }, false).reason).toBe('DEFAULT');
  });
});

import { describe, expect, it } from 'vitest';
import { bucketOf } from './bucketing.ts';
import { evaluate } from './evaluate.ts';
import { compiled, flag, rollout } from './factories.ts';

const threeWay = flag({
  kind: 'string',
  salt: 'pricing-salt',
  variants: [
    { key: 'a', value: 'A' },
    { key: 'b', value: 'B' },
    { key: 'c', value: 'C' },
  ],
  offVariation: 'a',
  defaultServe: rollout([
    ['a', 20000],
    ['b', 0],
    ['c', 50000],
    ['b', 30000],
  ]),
});

describe('rollouts', () => {
  it('gives variants consecutive bucket ranges in the order listed', () => {
    const snapshot = compiled([threeWay]);
    for (let i = 0; i < 2000; i++) {
      const key = `user-${i}`;
      const bucket = bucketOf('pricing-salt', key);
      const expected = bucket < 20000 ? 'a' : bucket < 70000 ? 'c' : 'b';
      expect(evaluate(snapshot, 'checkout', { key }, '')).toMatchObject({
        variant: expected,
        reason: 'SPLIT',
      });
    }
  });

  it('never serves a variant whose weight is zero', () => {
    const snapshot = compiled([
      flag({
        defaultServe: rollout([
          ['on', 0],
          ['off', 100000],
        ]),
      }),
    ]);
    for (let i = 0; i < 1000; i++) {
      expect(evaluate(snapshot, 'checkout', { key: `k${i}` }, true).variant).toBe('off');
    }
  });

  it('buckets by the bucketBy attribute instead of the key when given', () => {
    const snapshot = compiled([
      {
        ...threeWay,
        defaultServe: rollout(
          [
            ['a', 50000],
            ['c', 50000],
          ],
          'tenant',
        ),
      },
    ]);
    const bucket = bucketOf('pricing-salt', 'acme');
    const expected = bucket < 50000 ? 'a' : 'c';
    for (const key of ['u1', 'u2', 'u3']) {
      expect(evaluate(snapshot, 'checkout', { key, tenant: 'acme' }, '').variant).toBe(expected);
    }
  });

  it('buckets a number by its canonical text', () => {
    const snapshot = compiled([
      {
        ...threeWay,
        defaultServe: rollout(
          [
            ['a', 50000],
            ['c', 50000],
          ],
          'accountId',
        ),
      },
    ]);
    for (const id of [7, 1.5, 1e21, -0]) {
      const expected = bucketOf('pricing-salt', String(id)) < 50000 ? 'a' : 'c';
      expect(evaluate(snapshot, 'checkout', { accountId: id }, '').variant).toBe(expected);
    }
  });

  it('serves the caller default with TARGETING_KEY_MISSING when the context has no usable key', () => {
    const snapshot = compiled([threeWay]);
    for (const context of [{}, { key: '' }, { key: true }, { key: Number.NaN }]) {
      expect(evaluate(snapshot, 'checkout', context as { key?: string }, 'safe')).toMatchObject({
        value: 'safe',
        reason: 'ERROR',
        errorCode: 'TARGETING_KEY_MISSING',
        flagVersion: 1,
      });
    }
  });

  it('serves the caller default with INVALID_CONTEXT when the bucketBy attribute is missing', () => {
    const snapshot = compiled([
      {
        ...threeWay,
        defaultServe: rollout(
          [
            ['a', 50000],
            ['c', 50000],
          ],
          'tenant',
        ),
      },
    ]);
    expect(evaluate(snapshot, 'checkout', { key: 'u1', tenant: ['acme'] }, 'safe')).toMatchObject({
      value: 'safe',
      errorCode: 'INVALID_CONTEXT',
    });
  });

  it('keeps each flag independent: the salt, not the flag key, seeds the bucket', () => {
    const salted = (salt: string) => compiled([{ ...threeWay, salt }]);
    const first = salted('salt-one');
    const second = salted('salt-two');
    let differing = 0;
    for (let i = 0; i < 200; i++) {
      const context = { key: `user-${i}` };
      if (
        evaluate(first, 'checkout', context, '').variant !==
        evaluate(second, 'checkout', context, '').variant
      ) {
        differing++;
      }
    }
    // Independent 20/50/30 splits disagree for 1 - (0.04 + 0.25 + 0.09) = 62% of contexts.
    expect(differing).toBeGreaterThan(80);
  });
});

import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { compiled, flag } from './factories.ts';

const snapshot = compiled([
  flag({ defaultServe: { variant: 'on' } }),
  flag({
    key: 'banner',
    kind: 'json',
    variants: [{ key: 'big', value: { size: 3 } }],
    offVariation: 'big',
    defaultServe: { variant: 'big' },
  }),
]);

describe('type mismatch', () => {
  it('serves the caller default with TYPE_MISMATCH when the flag kind differs from the expected kind', () => {
    expect(evaluate(snapshot, 'checkout', {}, 'plain', 'string')).toMatchObject({
      value: 'plain',
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
      flagVersion: 1,
    });
  });

  it('reports the mismatch even when the flag is off', () => {
    const off = compiled([flag({ on: false })]);
    expect(evaluate(off, 'checkout', {}, 0, 'number')).toMatchObject({
      value: 0,
      errorCode: 'TYPE_MISMATCH',
    });
  });

  it('serves the variant value when the expected kind matches', () => {
    expect(evaluate(snapshot, 'checkout', {}, false, 'boolean')).toMatchObject({
      value: true,
      reason: 'STATIC',
    });
    expect(evaluate(snapshot, 'banner', {}, null, 'json')).toMatchObject({ value: { size: 3 } });
  });

  it('serves whatever the flag holds when no kind is expected', () => {
    expect(evaluate(snapshot, 'banner', {}, 'ignored').value).toEqual({ size: 3 });
  });
});

import { describe, expect, it } from 'vitest';
import { condition, matcher } from './factories.ts';

describe('lt, lte, gt and gte', () => {
  it('compare numbers, with lte and gte inclusive', () => {
    expect(matcher([condition('age', 'lt', [18])])({ age: 17 })).toBe(true);
    expect(matcher([condition('age', 'lt', [18])])({ age: 18 })).toBe(false);
    expect(matcher([condition('age', 'lte', [18])])({ age: 18 })).toBe(true);
    expect(matcher([condition('age', 'gt', [18])])({ age: 18 })).toBe(false);
    expect(matcher([condition('age', 'gte', [18])])({ age: 18 })).toBe(true);
    expect(matcher([condition('score', 'gt', [0.5])])({ score: 0.75 })).toBe(true);
  });

  it('accept strings in JSON number syntax on either side', () => {
    expect(matcher([condition('age', 'gte', ['18'])])({ age: '21' })).toBe(true);
    expect(matcher([condition('age', 'lt', ['1e3'])])({ age: -2.5 })).toBe(true);
  });

  it('do not match values that are not numbers', () => {
    const adult = matcher([condition('age', 'gte', [18])]);
    for (const age of [
      'twenty',
      '',
      ' 20',
      '0x20',
      true,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      {},
    ]) {
      expect(adult({ age })).toBe(false);
    }
  });

  it('match when any value matches, so lt [10, 20] behaves as lt 20', () => {
    expect(matcher([condition('n', 'lt', [10, 20])])({ n: 15 })).toBe(true);
    expect(matcher([condition('n', 'gt', [10, 20])])({ n: 15 })).toBe(true);
    expect(matcher([condition('n', 'gt', [10, 20])])({ n: 5 })).toBe(false);
  });

  it('match an array when any element matches, and negated match missing attributes', () => {
    expect(matcher([condition('n', 'gt', [10])])({ n: [1, 11] })).toBe(true);
    expect(matcher([condition('n', 'gt', [10], true)])({ n: 11 })).toBe(false);
    expect(matcher([condition('n', 'gt', [10], true)])({})).toBe(true);
  });

  it('make a condition with a non-numeric value match nothing and report it', () => {
    const reports: string[] = [];
    const broken = matcher([condition('n', 'gt', ['ten'], true)], (m) => reports.push(m));
    expect(broken({ n: 11 })).toBe(false);
    expect(broken({})).toBe(false);
    expect(reports).toEqual([
      'flags.checkout.rules[0].conditions[0]: "ten" is not a number; the condition matches nothing',
    ]);
  });
});

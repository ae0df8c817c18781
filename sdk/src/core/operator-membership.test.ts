import { describe, expect, it } from 'vitest';
import { condition, matcher } from './factories.ts';

describe('in and notIn', () => {
  const inNordics = matcher([condition('country', 'in', ['NO', 'SE', 7])]);
  const notNordic = matcher([condition('country', 'notIn', ['NO', 'SE', 7])]);

  it('matches a string attribute equal to one of the values', () => {
    expect(inNordics({ country: 'SE' })).toBe(true);
    expect(inNordics({ country: 'DK' })).toBe(false);
    expect(inNordics({ country: 'se' })).toBe(false);
  });

  it('compares by type: numbers with numbers, strings with strings', () => {
    expect(inNordics({ country: 7 })).toBe(true);
    expect(inNordics({ country: '7' })).toBe(false);
    expect(matcher([condition('age', 'in', ['30'])])({ age: 30 })).toBe(false);
  });

  it('compares booleans as the strings "true" and "false"', () => {
    const beta = matcher([condition('beta', 'in', ['true'])]);
    expect(beta({ beta: true })).toBe(true);
    expect(beta({ beta: false })).toBe(false);
    expect(beta({ beta: 'true' })).toBe(true);
  });

  it('matches an array attribute when any element is in the values', () => {
    expect(inNordics({ country: ['DK', 'NO'] })).toBe(true);
    expect(inNordics({ country: ['DK', 'FI'] })).toBe(false);
  });

  it('notIn matches a present attribute equal to none of the values', () => {
    expect(notNordic({ country: 'DK' })).toBe(true);
    expect(notNordic({ country: 'NO' })).toBe(false);
    expect(notNordic({ country: '7' })).toBe(true);
  });

  it('notIn on an array matches only when no element is in the values', () => {
    expect(notNordic({ country: ['DK', 'FI'] })).toBe(true);
    expect(notNordic({ country: ['DK', 'NO'] })).toBe(false);
  });

  it('does not match a missing, null or empty-array attribute, with either operator', () => {
    for (const context of [{}, { country: null }, { country: [] }]) {
      expect(inNordics(context)).toBe(false);
      expect(notNordic(context)).toBe(false);
    }
  });

  it('negated, matches exactly where the plain condition does not, missing attributes included', () => {
    const notInNordics = matcher([condition('country', 'in', ['NO', 'SE', 7], true)]);
    const negatedNotIn = matcher([condition('country', 'notIn', ['NO', 'SE', 7], true)]);
    expect(notInNordics({ country: 'SE' })).toBe(false);
    expect(notInNordics({ country: 'DK' })).toBe(true);
    expect(notInNordics({})).toBe(true);
    expect(negatedNotIn({ country: 'NO' })).toBe(true);
    expect(negatedNotIn({ country: 'DK' })).toBe(false);
    expect(negatedNotIn({})).toBe(true);
  });

  it('tests the context key like any attribute', () => {
    expect(matcher([condition('key', 'in', ['u1'])])({ key: 'u1' })).toBe(true);
  });

  it('ignores objects and other values that are not strings, numbers or booleans', () => {
    expect(inNordics({ country: { code: 'NO' } })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { condition, matcher } from './factories.ts';
import { PATTERN_INPUT_LIMIT } from './operators.ts';

describe('startsWith, endsWith and contains', () => {
  it('match strings by prefix, suffix and substring, case-sensitively', () => {
    expect(
      matcher([condition('email', 'startsWith', ['admin@'])])({ email: 'admin@acme.io' }),
    ).toBe(true);
    expect(
      matcher([condition('email', 'startsWith', ['admin@'])])({ email: 'Admin@acme.io' }),
    ).toBe(false);
    expect(
      matcher([condition('email', 'endsWith', ['@acme.io', '@acme.com'])])({
        email: 'bo@acme.com',
      }),
    ).toBe(true);
    expect(
      matcher([condition('email', 'endsWith', ['@acme.io'])])({ email: 'bo@acme.io.evil' }),
    ).toBe(false);
    expect(
      matcher([condition('agent', 'contains', ['Firefox'])])({ agent: 'Mozilla Firefox/120' }),
    ).toBe(true);
    expect(matcher([condition('agent', 'contains', ['Firefox'])])({ agent: 'Chrome' })).toBe(false);
  });

  it('do not coerce non-string attributes', () => {
    expect(matcher([condition('build', 'startsWith', ['12'])])({ build: 1234 })).toBe(false);
    expect(matcher([condition('beta', 'contains', ['ru'])])({ beta: true })).toBe(false);
  });

  it('compare number values as their text', () => {
    expect(matcher([condition('build', 'startsWith', [12])])({ build: '1234' })).toBe(true);
  });

  it('match an array when any element matches, and negate including missing attributes', () => {
    const tagged = matcher([condition('tags', 'contains', ['beta'])]);
    const untagged = matcher([condition('tags', 'contains', ['beta'], true)]);
    expect(tagged({ tags: ['stable', 'beta-2'] })).toBe(true);
    expect(untagged({ tags: ['stable', 'beta-2'] })).toBe(false);
    expect(tagged({})).toBe(false);
    expect(untagged({})).toBe(true);
  });
});

describe('matches', () => {
  it('tests strings against an unanchored, case-sensitive regular expression', () => {
    const nordicPhone = matcher([condition('phone', 'matches', ['^\\+(47|46)\\d{8}$'])]);
    expect(nordicPhone({ phone: '+4712345678' })).toBe(true);
    expect(nordicPhone({ phone: '+4512345678' })).toBe(false);
    expect(matcher([condition('path', 'matches', ['admin'])])({ path: '/x/admin/y' })).toBe(true);
    expect(matcher([condition('path', 'matches', ['Admin'])])({ path: '/admin' })).toBe(false);
  });

  it('does not match a value longer than the pattern input limit, so no context can stall it', () => {
    const anything = matcher([condition('path', 'matches', ['^a*a*$'])]);
    expect(anything({ path: 'a'.repeat(PATTERN_INPUT_LIMIT) })).toBe(true);
    expect(anything({ path: 'a'.repeat(PATTERN_INPUT_LIMIT + 1) })).toBe(false);
  });

  it('uses Unicode mode, so a dot matches one code point outside the basic plane', () => {
    expect(matcher([condition('name', 'matches', ['^.$'])])({ name: '😀' })).toBe(true);
  });

  it('does not match non-strings, and matches missing attributes when negated', () => {
    expect(matcher([condition('n', 'matches', ['^1'])])({ n: 1 })).toBe(false);
    expect(matcher([condition('n', 'matches', ['^1'], true)])({})).toBe(true);
  });

  it('makes a condition with an invalid regex match nothing, negated or not', () => {
    expect(matcher([condition('a', 'matches', ['(unclosed'])])({ a: '(unclosed' })).toBe(false);
    expect(matcher([condition('a', 'matches', ['ok', '(unclosed'], true)])({})).toBe(false);
    expect(matcher([condition('a', 'matches', ['(unclosed'], true)])({ a: 'x' })).toBe(false);
  });

  it('reports an invalid regex once per compile, however many conditions use it', () => {
    const reports: string[] = [];
    matcher(
      [condition('a', 'matches', ['(unclosed']), condition('b', 'matches', ['(unclosed'], true)],
      (message) => reports.push(message),
    );
    expect(reports).toEqual([
      'flags.checkout.rules[0].conditions[0] (and 1 more): invalid regular expression "(unclosed"; the condition matches nothing',
    ]);
  });
});

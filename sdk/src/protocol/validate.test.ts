import { describe, expect, it } from 'vitest';
import type { Condition, FlagConfig } from './flag-config.ts';
import { validateFlagConfig, validateSegmentRules, validateVariants } from './validate.ts';

const variants = [
  { key: 'on', value: true },
  { key: 'off', value: false },
];
const refs = { variants, segmentKeys: ['beta'] };

function config(overrides: Partial<FlagConfig> = {}): FlagConfig {
  return {
    on: true,
    offVariation: 'off',
    targets: [],
    rules: [],
    defaultServe: { variant: 'on' },
    ...overrides,
  };
}

function ruleWith(condition: Condition): Partial<FlagConfig> {
  return { rules: [{ id: 'r1', conditions: [condition], serve: { variant: 'on' } }] };
}

const fields = (errors: { field: string }[]) => errors.map((error) => error.field);

describe('validateVariants', () => {
  it('accepts distinct keys whose values match the kind', () => {
    expect(validateVariants('boolean', variants)).toEqual([]);
    expect(validateVariants('json', [{ key: 'a', value: { nested: [1] } }])).toEqual([]);
  });

  it('names a duplicate key and a value of the wrong kind', () => {
    const errors = validateVariants('number', [
      { key: 'a', value: 1 },
      { key: 'a', value: '2' },
    ]);
    expect(fields(errors)).toEqual(['/1/key', '/1/value']);
  });

  it('refuses an empty variant list', () => {
    expect(validateVariants('string', [])).toHaveLength(1);
  });
});

describe('validateFlagConfig', () => {
  it('accepts a config with a rule and a rollout that sums to 100%', () => {
    const rollout = {
      variations: [
        { variant: 'on', weight: 5000 },
        { variant: 'off', weight: 95000 },
      ],
    };
    const valid = config({
      rules: [
        {
          id: 'r1',
          conditions: [{ attribute: 'country', operator: 'in', values: ['NO'] }],
          serve: { rollout },
        },
      ],
    });
    expect(validateFlagConfig(valid, refs)).toEqual([]);
  });

  it('names rollout weights that do not add up to 100000', () => {
    const rollout = {
      variations: [
        { variant: 'on', weight: 5000 },
        { variant: 'off', weight: 90000 },
      ],
    };
    const errors = validateFlagConfig(config({ defaultServe: { rollout } }), refs);
    expect(fields(errors)).toEqual(['/defaultServe/rollout/variations']);
  });

  it('requires exactly one of variant or rollout in a serve', () => {
    expect(fields(validateFlagConfig(config({ defaultServe: {} }), refs))).toEqual([
      '/defaultServe',
    ]);
    const both = { variant: 'on', rollout: { variations: [{ variant: 'on', weight: 100000 }] } };
    expect(fields(validateFlagConfig(config({ defaultServe: both }), refs))).toEqual([
      '/defaultServe',
    ]);
  });

  it('names every reference to a variant the flag does not have', () => {
    const errors = validateFlagConfig(
      config({ offVariation: 'gone', targets: [{ variant: 'nope', values: ['u1'] }] }),
      refs,
    );
    expect(fields(errors)).toEqual(['/offVariation', '/targets/0/variant']);
  });

  it('refuses duplicate rule ids and a key targeted twice', () => {
    const rule = {
      id: 'same',
      conditions: [{ attribute: 'a', operator: 'in' as const, values: ['x'] }],
      serve: { variant: 'on' },
    };
    const errors = validateFlagConfig(
      config({
        rules: [rule, rule],
        targets: [
          { variant: 'on', values: ['u1'] },
          { variant: 'off', values: ['u1'] },
        ],
      }),
      refs,
    );
    expect(fields(errors)).toEqual(['/targets/1/values/0', '/rules/1/id']);
  });

  it.each([
    [{ attribute: 'age', operator: 'gt', values: ['18'] }, '/rules/0/conditions/0/values/0'],
    [
      { attribute: 'at', operator: 'before', values: ['next tuesday'] },
      '/rules/0/conditions/0/values/0',
    ],
    [{ attribute: 'v', operator: 'semverGt', values: ['1.2'] }, '/rules/0/conditions/0/values/0'],
    // What the evaluator could not use either: a day February lacks, a major past 2^53.
    [
      { attribute: 'at', operator: 'after', values: ['2026-02-30'] },
      '/rules/0/conditions/0/values/0',
    ],
    [
      { attribute: 'v', operator: 'semverEq', values: ['99999999999999999.0.0'] },
      '/rules/0/conditions/0/values/0',
    ],
    [
      { attribute: 'e', operator: 'matches', values: ['(unclosed'] },
      '/rules/0/conditions/0/values/0',
    ],
    [{ operator: 'in', values: ['x'] }, '/rules/0/conditions/0/attribute'],
    [{ operator: 'inSegment', values: ['unknown'] }, '/rules/0/conditions/0/values/0'],
  ] as [Condition, string][])('refuses %j at %s', (condition, field) => {
    expect(fields(validateFlagConfig(config(ruleWith(condition)), refs))).toEqual([field]);
  });

  it.each([
    {
      attribute: 'at',
      operator: 'after',
      values: ['2026-01-31', '2026-01-31T12:00:00Z', 1767225600000],
    },
    { attribute: 'v', operator: 'semverLt', values: ['2.0.0-rc.1+build.5'] },
    { operator: 'inSegment', values: ['beta'] },
    { attribute: 'email', operator: 'matches', values: ['@example\\.com$'] },
  ] as Condition[])('accepts %j', (condition) => {
    expect(validateFlagConfig(config(ruleWith(condition)), refs)).toEqual([]);
  });
});

describe('validateSegmentRules', () => {
  it('checks conditions and refuses segments nested in segments', () => {
    const errors = validateSegmentRules({
      included: [],
      excluded: [],
      conditions: [
        { attribute: 'plan', operator: 'in', values: ['pro'] },
        { operator: 'inSegment', values: ['beta'] },
        { attribute: 'age', operator: 'lt', values: ['x'] },
      ],
    });
    expect(fields(errors)).toEqual(['/conditions/1/operator', '/conditions/2/values/0']);
  });
});

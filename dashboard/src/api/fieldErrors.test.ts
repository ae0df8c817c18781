import { describe, expect, it } from 'vitest';
import { describePointer, errorsAt } from './fieldErrors.ts';

const errors = [
  { field: '/body/config/rules/0/conditions/1/values', message: 'must have at least 1 item' },
  { field: '/body/config/rules/0/serve', message: 'needs a variant or a rollout' },
  { field: '/body/config/rules/10/serve', message: 'not this one' },
  { field: '/body/key', message: 'must match the key format' },
];

describe('errorsAt', () => {
  it('finds errors at a field pointer written without the /body prefix', () => {
    expect(errorsAt(errors, '/key')).toEqual(['must match the key format']);
  });

  it('includes errors nested inside the field but not those of a sibling with a longer index', () => {
    expect(errorsAt(errors, '/config/rules/0')).toEqual([
      'must have at least 1 item',
      'needs a variant or a rollout',
    ]);
    expect(errorsAt(errors, '/config/rules/1')).toEqual([]);
  });
});

describe('describePointer', () => {
  it('reads a pointer as words with one-based positions', () => {
    expect(describePointer('/body/config/rules/0/conditions/1/values')).toBe(
      'rule 1 › condition 2 › values',
    );
    expect(describePointer('/body/key')).toBe('key');
    expect(describePointer('/body')).toBe('request');
  });
});

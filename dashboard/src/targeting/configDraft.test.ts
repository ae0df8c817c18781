import type { FlagConfig } from '@tripswitch/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { cleanConfig, reapply } from './configDraft.ts';

const base: FlagConfig = {
  on: true,
  offVariation: 'off',
  targets: [],
  rules: [],
  defaultServe: { variant: 'off' },
};

describe('reapply', () => {
  it('keeps their kill and my new default rule when we changed different parts', () => {
    const mine = { ...base, defaultServe: { variant: 'on' } };
    const theirs = { ...base, on: false };
    expect(reapply(base, mine, theirs)).toEqual({
      config: { ...base, on: false, defaultServe: { variant: 'on' } },
      overlapping: [],
    });
  });

  it('names the parts we both changed differently, taking mine there', () => {
    const mine = { ...base, offVariation: 'a' };
    const theirs = { ...base, offVariation: 'b' };
    const result = reapply(base, mine, theirs);
    expect(result.config.offVariation).toBe('a');
    expect(result.overlapping).toEqual(['offVariation']);
  });
});

describe('cleanConfig', () => {
  it('drops blank values and empty targets, and types numeric comparisons', () => {
    const cleaned = cleanConfig({
      ...base,
      targets: [
        { variant: 'on', values: ['alice', ' ', 'bob '] },
        { variant: 'off', values: [''] },
      ],
      rules: [
        {
          id: 'r1',
          conditions: [
            { attribute: 'age', operator: 'gte', values: ['18', ''] },
            { attribute: 'ignored', operator: 'inSegment', values: ['beta'] },
          ],
          serve: { variant: 'on' },
        },
      ],
    });
    expect(cleaned.targets).toEqual([{ variant: 'on', values: ['alice', 'bob'] }]);
    expect(cleaned.rules[0]?.conditions).toEqual([
      { attribute: 'age', operator: 'gte', values: [18] },
      { operator: 'inSegment', values: ['beta'] },
    ]);
  });
});

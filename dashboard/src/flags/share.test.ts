import type { FlagEnvironmentSummary } from '@tripswitch/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { rolloutShare } from './share.ts';

const summary = (over: Partial<FlagEnvironmentSummary>): FlagEnvironmentSummary => ({
  on: true,
  version: 1,
  offVariation: 'off',
  defaultServe: { variant: 'on' },
  tripped: false,
  ...over,
});
const rollout = (...weights: [string, number][]) => ({
  rollout: { variations: weights.map(([variant, weight]) => ({ variant, weight })) },
});

describe('rolloutShare', () => {
  it('gives the share of the one variant that is not the off variation', () => {
    expect(rolloutShare(summary({ defaultServe: rollout(['on', 25000], ['off', 75000]) }))).toBe(
      '25%',
    );
    expect(rolloutShare(summary({ defaultServe: rollout(['on', 12345], ['off', 87655]) }))).toBe(
      '12.345%',
    );
  });

  it('names each served variant when there are several, leaving out those at zero', () => {
    const serve = rollout(['a', 30000], ['b', 20000], ['c', 0], ['off', 50000]);
    expect(rolloutShare(summary({ defaultServe: serve }))).toBe('a 30% · b 20%');
  });

  it('says nothing for a single variant or a flag that is off', () => {
    expect(rolloutShare(summary({}))).toBeNull();
    const serve = rollout(['on', 25000], ['off', 75000]);
    expect(rolloutShare(summary({ on: false, defaultServe: serve }))).toBeNull();
  });
});

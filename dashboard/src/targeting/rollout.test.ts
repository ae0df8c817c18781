import { ROLLOUT_TOTAL } from '@tripswitch/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { allOn, formatShare, parseShare, setShare } from './rollout.ts';

const total = (variations: { weight: number }[]) => variations.reduce((s, v) => s + v.weight, 0);

describe('setShare', () => {
  it('gives the rest to the other variant of a two-way rollout', () => {
    const result = setShare(allOn(['on', 'off'], 'off'), 0, 5000);
    expect(result).toEqual([
      { variant: 'on', weight: 5000 },
      { variant: 'off', weight: 95000 },
    ]);
  });

  it('rebalances the others in proportion to their shares and keeps the total at 100%', () => {
    const start = [
      { variant: 'a', weight: 50000 },
      { variant: 'b', weight: 30000 },
      { variant: 'c', weight: 20000 },
    ];
    const result = setShare(start, 0, 20000);
    expect(result.map((v) => v.weight)).toEqual([20000, 48000, 32000]);
    expect(total(result)).toBe(ROLLOUT_TOTAL);
  });

  it('splits equally when the others are all at zero, the extra step going to the first', () => {
    const start = [
      { variant: 'a', weight: 100000 },
      { variant: 'b', weight: 0 },
      { variant: 'c', weight: 0 },
    ];
    const result = setShare(start, 0, 99900);
    expect(result.map((v) => v.weight)).toEqual([99900, 100, 0]);
    const thirds = setShare(start, 0, 0);
    expect(thirds.map((v) => v.weight)).toEqual([0, 50000, 50000]);
  });

  it('rounds to 0.1% and always sums to 100% whatever the starting shares', () => {
    const start = [
      { variant: 'a', weight: 33333 },
      { variant: 'b', weight: 33333 },
      { variant: 'c', weight: 33334 },
    ];
    for (const target of [0, 1234, 50049, 77777, 100000, 120000, -5]) {
      const result = setShare(start, 1, target);
      expect(total(result)).toBe(ROLLOUT_TOTAL);
      for (const v of result) expect(v.weight % 100).toBe(0);
    }
  });

  it('is deterministic: the same edit gives the same shares', () => {
    const start = allOn(['a', 'b', 'c', 'd'], 'a');
    expect(setShare(start, 0, 10000)).toEqual(setShare(start, 0, 10000));
  });
});

describe('share text', () => {
  it('formats weights as percentages and parses them back on the 0.1% grid', () => {
    expect(formatShare(5000)).toBe('5');
    expect(formatShare(12345)).toBe('12.345');
    expect(parseShare('5.5')).toBe(5500);
    expect(parseShare('5,04')).toBe(5000);
    expect(parseShare('250')).toBe(ROLLOUT_TOTAL);
    expect(parseShare('abc')).toBeNull();
    expect(parseShare('')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO, type Scenario, simulate, tripShare } from './simulation.ts';

// The promise in README, as property tests over seeded simulated holds: healthy variants are
// tripped in at most alpha of hour-long holds (looked at every 5 s), and a 2x regression is
// caught. alpha is 0.05 here so a few hundred holds can tell a kept promise from a broken one; the
// old per-look test on the same holds shows the check can fail.

const HOLDS = 400;
/** The share of trips a kept promise may show in HOLDS holds: alpha plus three standard errors. */
const allowed = (alpha: number) => alpha + 3 * Math.sqrt((alpha * (1 - alpha)) / HOLDS);

const healthy: Array<[string, Partial<Scenario>]> = [
  ['relative, margin 0 (A/A)', { threshold: { kind: 'relative', margin: 0 } }],
  ['relative, margin 0.1 (A/A)', { threshold: { kind: 'relative', margin: 0.1 } }],
  [
    'relative, margin 0.1, treatment exactly at the margin',
    { treatmentRate: 0.011, threshold: { kind: 'relative', margin: 0.1 } },
  ],
  [
    'absolute, true rate exactly at the limit',
    { controlRate: 0.005, treatmentRate: 0.005, threshold: { kind: 'absolute', limit: 0.005 } },
  ],
  [
    'relative, low traffic (2 outcomes/s)',
    { perSecond: 2, threshold: { kind: 'relative', margin: 0 } },
  ],
];

describe('sequential judgement over whole holds', () => {
  it.each(healthy)(
    '%s: false trips within the budget, where the old test breaks it',
    (_, change) => {
      const scenario = { ...DEFAULT_SCENARIO, alpha: 0.05, ...change };
      const results = simulate(scenario, HOLDS, 20261204);
      const sequential = tripShare(results.map((r) => r.sequentialTripAt));
      expect(sequential).toBeLessThanOrEqual(allowed(scenario.alpha));
      if (scenario.perSecond >= 20) {
        expect(tripShare(results.map((r) => r.perLookTripAt))).toBeGreaterThan(
          allowed(scenario.alpha),
        );
      }
    },
  );

  it('catches a 2x error rate against the control in every hold, within minutes', () => {
    const scenario = { ...DEFAULT_SCENARIO, treatmentRate: 0.02 };
    const results = simulate(scenario, 200, 7);
    const times = results.map((r) => r.sequentialTripAt);
    expect(tripShare(times)).toBe(1);
    const sorted = (times as number[]).sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(300);
  });

  it('catches a 5x error rate above an absolute limit within a minute, median', () => {
    const scenario = {
      ...DEFAULT_SCENARIO,
      treatmentRate: 0.05,
      threshold: { kind: 'absolute', limit: 0.01 } as const,
    };
    const times = simulate(scenario, 200, 11).map((r) => r.sequentialTripAt);
    expect(tripShare(times)).toBe(1);
    const sorted = (times as number[]).sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(60);
  });
});

import { binLowerMs, LATENCY_BINS } from '@tripswitch/sdk/protocol';
import { describe, expect, it } from 'vitest';
import type { VariantTotals } from '../metrics/read.ts';
import { evaluateGuardrail, type GuardrailRule, type SequenceData } from './evaluate.ts';
import { rateEvidence, ratioEvidence } from './sequential.ts';

const BUCKET = 10_000;
const T0 = Date.UTC(2026, 11, 4, 12);

function totals(change: Partial<VariantTotals> = {}): VariantTotals {
  return {
    evaluations: change.outcomes ?? 0,
    outcomes: 0,
    errors: 0,
    latency: [],
    valueSum: 0,
    valueCount: 0,
    events: {},
    ...change,
  };
}

/** Per variant, one totals per bucket from T0. */
function sequence(
  byVariant: Record<string, VariantTotals[]>,
  change: Partial<SequenceData> = {},
): SequenceData {
  const buckets = new Map(
    Object.entries(byVariant).map(([variant, list]) => [
      variant,
      new Map(list.map((t, i) => [T0 + i * BUCKET, t])),
    ]),
  );
  const length = Math.max(...Object.values(byVariant).map((list) => list.length));
  const end = T0 + length * BUCKET;
  return {
    control: 'off',
    buckets,
    settledBefore: end,
    from: new Date(T0),
    to: new Date(end),
    evaluatedAt: new Date(end),
    alpha: 0.01,
    split: null,
    splitSince: T0,
    ...change,
  };
}

const errorRate = (threshold: GuardrailRule['threshold']): GuardrailRule => ({
  metric: 'errorRate',
  event: null,
  threshold,
  minimumSample: 200,
});

const repeat = <T>(n: number, make: (i: number) => T) =>
  Array.from({ length: n }, (_, i) => make(i));

describe('evaluateGuardrail against an absolute limit', () => {
  const rule = errorRate({ kind: 'absolute', value: 0.01 });

  it('breaches when the evidence over every bucket reaches 1 / alpha, and says so with the figures', () => {
    const on = repeat(4, () => totals({ outcomes: 100, errors: 5 }));
    const evaluation = evaluateGuardrail(rule, sequence({ on }));
    const [treatment] = evaluation.treatments;
    expect(Math.log(treatment?.evidence as number)).toBeCloseTo(
      rateEvidence({ hits: 20, trials: 400 }, 0.01),
      9,
    );
    expect(evaluation.outcome).toBe('breached');
    expect(evaluation.threshold).toBe(100);
    expect(treatment?.bound).toBeGreaterThan(0.01);
    expect(treatment?.bound).toBeLessThan(0.05);
    expect(evaluation.summary).toMatch(
      /^error rate: on 5% of 400 outcomes, limit 1%: above it \(evidence [\d.e+]+ >= 100; its rate is at least [\d.]+%\)\.$/,
    );
  });

  it('stays healthy below the threshold and waits below the minimum sample', () => {
    const healthy = evaluateGuardrail(
      rule,
      sequence({ on: repeat(4, () => totals({ outcomes: 100, errors: 1 })) }),
    );
    expect(healthy.outcome).toBe('healthy');
    expect(healthy.summary).toContain('within it (evidence');
    const short = evaluateGuardrail(
      rule,
      sequence({ on: [totals({ outcomes: 150, errors: 150 })] }),
    );
    expect(short.treatments[0]?.outcome).toBe('insufficientSample');
    expect(short.outcome).toBe('insufficientSample');
  });

  it('spends only its share of the budget: the same data under a smaller alpha needs more', () => {
    const on = repeat(4, () => totals({ outcomes: 100, errors: 4 }));
    const evidence = evaluateGuardrail(rule, sequence({ on })).treatments[0]?.evidence as number;
    expect(evidence).toBeGreaterThan(1 / 0.01);
    const strict = evaluateGuardrail(rule, sequence({ on }, { alpha: 1 / (evidence * 2) }));
    expect(strict.outcome).toBe('healthy');
  });

  it('judges p95 latency as the share of calls above the limit', () => {
    const latencyRule: GuardrailRule = {
      ...rule,
      metric: 'latencyP95',
      threshold: { kind: 'absolute', value: 100 },
    };
    const slowBin = [...Array(LATENCY_BINS).keys()].find((bin) => binLowerMs(bin) >= 100) as number;
    const fastBin = [...Array(LATENCY_BINS).keys()].find((bin) => binLowerMs(bin) >= 10) as number;
    const histogram = (slow: number, fast: number) => {
      const bins = new Array<number>(slowBin + 1).fill(0);
      bins[slowBin] = slow;
      bins[fastBin] = fast;
      return bins;
    };
    const slowOn = evaluateGuardrail(
      latencyRule,
      sequence({ on: [totals({ outcomes: 400, latency: histogram(60, 340) })] }),
    );
    expect(Math.log(slowOn.treatments[0]?.evidence as number)).toBeCloseTo(
      rateEvidence({ hits: 60, trials: 400 }, 0.05),
      9,
    );
    expect(slowOn.outcome).toBe('breached');
    expect(slowOn.summary).toContain('of its calls are above the limit');
  });
});

describe('evaluateGuardrail against the control', () => {
  const rule = errorRate({ kind: 'relative', value: 0 });

  it('compares bucket by bucket, only buckets that are complete', () => {
    const on = repeat(6, () => totals({ outcomes: 100, errors: 6 }));
    const off = repeat(6, () => totals({ outcomes: 100, errors: 1 }));
    const data = sequence({ on, off }, { settledBefore: T0 + 4 * BUCKET });
    const evaluation = evaluateGuardrail(rule, data);
    const settled = repeat(4, () => ({
      treatment: { hits: 6, trials: 100 },
      control: { hits: 1, trials: 100 },
    }));
    expect(Math.log(evaluation.treatments[0]?.evidence as number)).toBeCloseTo(
      ratioEvidence(settled, 1),
      9,
    );
    // The figures are over everything stored: 36 of 600.
    expect(evaluation.treatments[0]?.value).toBeCloseTo(0.06);
    expect(evaluation.control).toEqual({ variant: 'off', sample: 600, value: 0.01 });
    expect(evaluation.outcome).toBe('breached');
    expect(evaluation.summary).toMatch(/it is at least [\d.]+x the control's rate/);
  });

  it('holds, not healthy, when the control has no traffic', () => {
    const evaluation = evaluateGuardrail(
      rule,
      sequence({ on: repeat(3, () => totals({ outcomes: 100 })) }),
    );
    expect(evaluation.outcome).toBe('held');
    expect(evaluation.hold?.reason).toBe('noControlTraffic');
  });

  it('learns the latency limit from the first buckets, then tests the share above it', () => {
    const latencyRule: GuardrailRule = {
      metric: 'latencyP95',
      event: null,
      threshold: { kind: 'relative', value: 0.5 },
      minimumSample: 200,
    };
    const bin = (ms: number) =>
      [...Array(LATENCY_BINS).keys()].find((b) => binLowerMs(b) >= ms) as number;
    const histogram = (counts: Record<number, number>) => {
      const bins = new Array<number>(LATENCY_BINS).fill(0);
      for (const [b, count] of Object.entries(counts)) bins[Number(b)] = count;
      return bins;
    };
    const fast = histogram({ [bin(10)]: 200 });
    const slow = histogram({ [bin(10)]: 100, [bin(1000)]: 100 });
    const off = repeat(5, () => totals({ outcomes: 200, latency: fast }));
    const on = [
      totals({ outcomes: 200, latency: fast }),
      ...repeat(4, () => totals({ outcomes: 200, latency: slow })),
    ];
    const evaluation = evaluateGuardrail(latencyRule, sequence({ on, off }));
    const limit = evaluation.treatments[0]?.limit as number;
    expect(limit).toBeGreaterThan(10);
    expect(limit).toBeLessThan(1000);
    expect(evaluation.outcome).toBe('breached');
  });
});

describe('data quality holds the rollout', () => {
  const rule = errorRate({ kind: 'absolute', value: 0.05 });

  it('holds on a split far from the configured weights, but a breach still trips', () => {
    const split = new Map([
      ['on', 50_000],
      ['off', 50_000],
    ]);
    const skewed = sequence(
      {
        on: repeat(5, () => totals({ outcomes: 100, evaluations: 100 })),
        off: repeat(5, () => totals({ outcomes: 100, evaluations: 300 })),
      },
      { split },
    );
    const evaluation = evaluateGuardrail(rule, skewed);
    expect(evaluation.outcome).toBe('held');
    expect(evaluation.hold?.reason).toBe('sampleRatioMismatch');
    expect(evaluation.summary).toContain('Held: Variant');
    const even = sequence(
      {
        on: repeat(5, () => totals({ outcomes: 100, evaluations: 200 })),
        off: repeat(5, () => totals({ outcomes: 100, evaluations: 204 })),
      },
      { split },
    );
    expect(evaluateGuardrail(rule, even).outcome).toBe('healthy');
    const breached = { ...skewed, buckets: new Map(skewed.buckets) };
    breached.buckets.set(
      'on',
      new Map([[T0, totals({ outcomes: 400, errors: 100, evaluations: 100 })]]),
    );
    expect(evaluateGuardrail(rule, breached).outcome).toBe('breached');
  });

  it('holds on counts that cannot be', () => {
    const evaluation = evaluateGuardrail(
      rule,
      sequence({ on: [totals({ outcomes: 300, errors: Number.NaN })] }),
    );
    expect(evaluation.outcome).toBe('held');
    expect(evaluation.hold?.reason).toBe('invalidData');
    expect(evaluation.treatments).toEqual([]);
  });
});

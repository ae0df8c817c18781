import { latencyBin } from '@tripswitch/sdk/protocol';
import { describe, expect, it } from 'vitest';
import type { VariantTotals } from '../metrics/read.ts';
import { evaluateGuardrail, type GuardrailRule } from './evaluate.ts';
import { normalQuantile, scoreZ } from './statistics.ts';

const errorRule = (overrides: Partial<GuardrailRule> = {}): GuardrailRule => ({
  metric: 'errorRate',
  event: null,
  threshold: { kind: 'relative', value: 0 },
  minimumSample: 200,
  confidence: 0.99,
  ...overrides,
});

function totals(overrides: Partial<VariantTotals> = {}): VariantTotals {
  return {
    evaluations: 0,
    outcomes: 0,
    errors: 0,
    latency: [],
    valueSum: 0,
    valueCount: 0,
    events: {},
    ...overrides,
  };
}

/** A histogram of `count` calls at each of the given latencies. */
function latencies(spec: Array<[ms: number, count: number]>): number[] {
  const histogram: number[] = [];
  for (const [ms, count] of spec) {
    const bin = latencyBin(ms);
    histogram[bin] = (histogram[bin] ?? 0) + count;
  }
  return Array.from(histogram, (count) => count ?? 0);
}

function evaluate(rule: GuardrailRule, byVariant: Record<string, VariantTotals>) {
  const now = new Date('2026-11-26T12:00:00Z');
  return evaluateGuardrail(rule, {
    control: 'off',
    totals: new Map(Object.entries(byVariant)),
    from: new Date(now.getTime() - 60_000),
    to: now,
    evaluatedAt: now,
  });
}

// A seeded generator (mulberry32), so the simulations below give the same draws on every run.
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function binomial(random: () => number, trials: number, p: number): number {
  let hits = 0;
  for (let i = 0; i < trials; i++) if (random() < p) hits++;
  return hits;
}

describe('evaluateGuardrail', () => {
  it('never trips below the minimum sample, even when every call fails', () => {
    const verdict = evaluate(errorRule({ minimumSample: 200 }), {
      off: totals({ outcomes: 5000, errors: 0 }),
      on: totals({ outcomes: 199, errors: 199 }),
    });
    expect(verdict.outcome).toBe('insufficientSample');
    expect(verdict.treatments[0]).toMatchObject({
      variant: 'on',
      sample: 199,
      outcome: 'insufficientSample',
    });
    expect(verdict.summary).toContain('waiting for 200 outcomes per variant');
  });

  it('waits for the control too when the threshold is relative to it', () => {
    const verdict = evaluate(errorRule(), {
      off: totals({ outcomes: 150, errors: 0 }),
      on: totals({ outcomes: 5000, errors: 2500 }),
    });
    expect(verdict.outcome).toBe('insufficientSample');
  });

  it('trips a treatment whose error rate is far above the control, with the figures in the summary', () => {
    const verdict = evaluate(errorRule({ threshold: { kind: 'relative', value: 0.5 } }), {
      off: totals({ outcomes: 2000, errors: 20 }),
      on: totals({ outcomes: 400, errors: 120 }),
    });
    expect(verdict.outcome).toBe('breached');
    const [treatment] = verdict.treatments;
    expect(treatment).toMatchObject({
      variant: 'on',
      sample: 400,
      value: 0.3,
      outcome: 'breached',
    });
    expect(treatment?.limit).toBeCloseTo(0.015);
    expect(treatment?.z).toBeGreaterThan(verdict.critical);
    expect(verdict.summary).toBe(
      `error rate: on 30% of 400 outcomes, limit 1.5%: above it (z ${treatment?.z?.toFixed(2)} > 2.33 at 99% confidence); control off 1% of 2000 outcomes`,
    );
  });

  it('trips on noise no more often than its confidence allows when treatment and control share a base rate', () => {
    const random = seeded(7);
    const trials = 2000;
    let trips = 0;
    for (let i = 0; i < trials; i++) {
      const verdict = evaluate(errorRule({ threshold: { kind: 'relative', value: 0 } }), {
        off: totals({ outcomes: 2000, errors: binomial(random, 2000, 0.02) }),
        on: totals({ outcomes: 2000, errors: binomial(random, 2000, 0.02) }),
      });
      if (verdict.outcome === 'breached') trips++;
    }
    // At 99% confidence about 1% of looks trip by chance when the rates are equal (and the margin
    // is zero, the strictest setting); 2% leaves room for sampling error over 2,000 trials.
    expect(trips / trials).toBeLessThan(0.02);
  });

  it('catches a doubled error rate almost every time once samples suffice', () => {
    const random = seeded(11);
    let trips = 0;
    for (let i = 0; i < 500; i++) {
      const verdict = evaluate(errorRule({ threshold: { kind: 'relative', value: 0 } }), {
        off: totals({ outcomes: 5000, errors: binomial(random, 5000, 0.02) }),
        on: totals({ outcomes: 5000, errors: binomial(random, 5000, 0.04) }),
      });
      if (verdict.outcome === 'breached') trips++;
    }
    expect(trips / 500).toBeGreaterThan(0.99);
  });

  it('judges an absolute error rate with the Wilson score test', () => {
    const rule = errorRule({ threshold: { kind: 'absolute', value: 0.05 }, minimumSample: 100 });
    // 8% of 1000: the 99% Wilson lower bound is about 6.2%, above the 5% limit.
    expect(evaluate(rule, { on: totals({ outcomes: 1000, errors: 80 }) }).outcome).toBe('breached');
    // 6% of 1000: the lower bound is about 4.4%, so no trip yet.
    expect(evaluate(rule, { on: totals({ outcomes: 1000, errors: 60 }) }).outcome).toBe('healthy');
  });

  it('breaches exactly when the Wilson lower bound clears the limit', () => {
    const z = normalQuantile(0.99);
    const wilsonLower = (hits: number, n: number) => {
      const p = hits / n;
      const centre = p + (z * z) / (2 * n);
      const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
      return (centre - spread) / (1 + (z * z) / n);
    };
    for (const [hits, n, limit] of [
      [80, 1000, 0.05],
      [60, 1000, 0.05],
      [3, 200, 0.001],
      [500, 600, 0.8],
    ] as const) {
      expect(scoreZ(hits, n, limit) > z).toBe(wilsonLower(hits, n) > limit);
    }
  });

  it('trips a p95 latency above an absolute limit, and not one under it', () => {
    const rule: GuardrailRule = {
      ...errorRule({ minimumSample: 100 }),
      metric: 'latencyP95',
      threshold: { kind: 'absolute', value: 500 },
    };
    const slow = latencies([
      [20, 850],
      [900, 150],
    ]);
    const fine = latencies([
      [20, 980],
      [900, 20],
    ]);
    const slowVerdict = evaluate(rule, { on: totals({ latency: slow }) });
    expect(slowVerdict.outcome).toBe('breached');
    expect(slowVerdict.treatments[0]?.value).toBeGreaterThan(900);
    expect(evaluate(rule, { on: totals({ latency: fine }) }).outcome).toBe('healthy');
  });

  it('compares p99 latency with the control when the threshold is relative', () => {
    const rule: GuardrailRule = {
      ...errorRule({ minimumSample: 100 }),
      metric: 'latencyP99',
      threshold: { kind: 'relative', value: 0.5 },
    };
    const control = latencies([[40, 2000]]);
    expect(
      evaluate(rule, {
        off: totals({ latency: control }),
        on: totals({ latency: latencies([[40, 2000]]) }),
      }).outcome,
    ).toBe('healthy');
    expect(
      evaluate(rule, {
        off: totals({ latency: control }),
        on: totals({
          latency: latencies([
            [40, 1800],
            [200, 200],
          ]),
        }),
      }).outcome,
    ).toBe('breached');
  });

  it('reads a custom event per evaluation for an event-rate guardrail', () => {
    const rule: GuardrailRule = {
      ...errorRule({ minimumSample: 100 }),
      metric: 'eventRate',
      event: 'payment-failed',
      threshold: { kind: 'relative', value: 0.2 },
    };
    const verdict = evaluate(rule, {
      off: totals({ evaluations: 4000, events: { 'payment-failed': 40 } }),
      on: totals({ evaluations: 1000, events: { 'payment-failed': 60, other: 900 } }),
    });
    expect(verdict.outcome).toBe('breached');
    expect(verdict.treatments[0]).toMatchObject({ sample: 1000, value: 0.06 });
    expect(verdict.summary).toContain('"payment-failed" rate');
  });

  it('waits while no treatment has data', () => {
    const verdict = evaluate(errorRule(), { off: totals({ outcomes: 1000 }) });
    expect(verdict.outcome).toBe('insufficientSample');
    expect(verdict.summary).toContain('no treatment variant has data');
  });
});

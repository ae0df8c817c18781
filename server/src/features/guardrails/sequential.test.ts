import { describe, expect, it } from 'vitest';
import { LIFTS, lowerBound, rateEvidence, ratioEvidence } from './sequential.ts';

// The e-values against an independent computation: the mixture of likelihood ratios written with
// probability mass functions (Poisson for rates, binomial for the conditional split of a bucket's
// hits), and the boundary cases the guardrails depend on.

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
const poisson = (k: number, mean: number) => (mean ** k * Math.exp(-mean)) / factorial(k);
const choose = (n: number, k: number) => factorial(n) / (factorial(k) * factorial(n - k));
const binomialPmf = (k: number, n: number, p: number) => choose(n, k) * p ** k * (1 - p) ** (n - k);
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

describe('rateEvidence', () => {
  it('is the mean over the lifts of Poisson likelihood ratios', () => {
    const hits = 7;
    const trials = 300;
    const limit = 0.01;
    const expected = mean(
      LIFTS.map((lift) => poisson(hits, trials * limit * lift) / poisson(hits, trials * limit)),
    );
    expect(Math.exp(rateEvidence({ hits, trials }, limit))).toBeCloseTo(expected, 10);
  });

  it('is 1 without trials, infinite for any hit against a limit of 0, 1 against a limit of 1', () => {
    expect(rateEvidence({ hits: 0, trials: 0 }, 0.01)).toBe(0);
    expect(rateEvidence({ hits: 1, trials: 500 }, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(rateEvidence({ hits: 0, trials: 500 }, 0)).toBe(0);
    expect(rateEvidence({ hits: 500, trials: 500 }, 1)).toBe(0);
    // Events may outnumber evaluations: not a proportion, so a limit of 1 is still tested.
    expect(rateEvidence({ hits: 900, trials: 500 }, 1, false)).toBeGreaterThan(Math.log(100));
  });

  it('grows with the hits and falls as the limit rises', () => {
    const at = (hits: number, limit: number) => rateEvidence({ hits, trials: 1000 }, limit);
    expect(at(30, 0.01)).toBeGreaterThan(at(20, 0.01));
    expect(at(30, 0.01)).toBeGreaterThan(at(30, 0.02));
    // Fewer hits than the limit predicts is evidence against a breach.
    expect(at(5, 0.01)).toBeLessThan(0);
  });
});

describe('ratioEvidence', () => {
  it("is the mean over the lifts of the product of each bucket's binomial ratio", () => {
    const buckets = [
      { treatment: { hits: 3, trials: 200 }, control: { hits: 1, trials: 200 } },
      { treatment: { hits: 4, trials: 150 }, control: { hits: 2, trials: 250 } },
      { treatment: { hits: 0, trials: 0 }, control: { hits: 5, trials: 100 } },
    ];
    const ratio = 1.1;
    const share = (nT: number, nC: number, r: number) => (nT * r) / (nT * r + nC);
    const expected = mean(
      LIFTS.map((lift) =>
        buckets
          .filter((b) => b.treatment.trials > 0 && b.control.trials > 0)
          .reduce((product, { treatment: t, control: c }) => {
            const m = t.hits + c.hits;
            return (
              (product * binomialPmf(t.hits, m, share(t.trials, c.trials, ratio * lift))) /
              binomialPmf(t.hits, m, share(t.trials, c.trials, ratio))
            );
          }, 1),
      ),
    );
    expect(Math.exp(ratioEvidence(buckets, ratio))).toBeCloseTo(expected, 10);
  });

  it('is 1 with no data, and symmetric data is evidence against a breach', () => {
    expect(ratioEvidence([], 1)).toBe(0);
    const even = { treatment: { hits: 10, trials: 1000 }, control: { hits: 10, trials: 1000 } };
    expect(ratioEvidence([even, even], 1)).toBeLessThan(0);
  });
});

describe('lowerBound', () => {
  it('inverts the test: the bound is where the evidence meets the threshold', () => {
    const count = { hits: 40, trials: 1000 };
    const logThreshold = Math.log(100);
    const at = (p: number) => rateEvidence(count, p);
    const bound = lowerBound(at, logThreshold, 0, 0.04) as number;
    expect(bound).toBeGreaterThan(0.01);
    expect(bound).toBeLessThan(0.04);
    expect(at(bound)).toBeGreaterThanOrEqual(logThreshold);
    expect(at(bound * 1.001)).toBeLessThan(logThreshold);
  });

  it('is null when even the lowest value is not rejected', () => {
    expect(
      lowerBound((p) => rateEvidence({ hits: 1, trials: 10 }, p), Math.log(100), 0.05, 1),
    ).toBe(null);
  });
});

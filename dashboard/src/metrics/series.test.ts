import type { MetricPoint, MetricSeries } from '@tripswitch/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { buildChart, guardrailMeasure, measures, variantTotals } from './series.ts';

function point(at: string, overrides: Partial<MetricPoint> = {}): MetricPoint {
  return {
    at: `2026-11-26T10:${at}:00.000Z`,
    evaluations: 100,
    outcomes: 50,
    errors: 1,
    errorRate: 0.02,
    latencyP50: 10,
    latencyP95: 40,
    latencyP99: 80,
    meanValue: null,
    events: {},
    ...overrides,
  };
}

function series(variants: MetricSeries['variants']): MetricSeries {
  return {
    flagKey: 'new-checkout',
    environment: 'production',
    from: '2026-11-26T10:00:00.000Z',
    to: '2026-11-26T11:00:00.000Z',
    stepSeconds: 60,
    variants,
  };
}

const at = (minute: string) => Date.parse(`2026-11-26T10:${minute}:00.000Z`);

describe('buildChart', () => {
  it('puts every variant on the same time rows, a gap where a rate has no point', () => {
    const chart = buildChart(
      series([
        { variant: 'off', points: [point('00'), point('01')] },
        { variant: 'on', points: [point('01', { errorRate: 0.1 })] },
      ]),
      measures.errorRate,
    );
    expect(chart.lines).toEqual([
      { key: 'off', variant: 'off', dashed: false },
      { key: 'on', variant: 'on', dashed: false },
    ]);
    expect(chart.rows).toEqual([
      { at: at('00'), off: 2, on: null },
      { at: at('01'), off: 2, on: 10 },
    ]);
  });

  it('counts a time without a point as zero evaluations, and sorts rows by time', () => {
    const chart = buildChart(
      series([
        { variant: 'on', points: [point('05', { evaluations: 7 })] },
        { variant: 'off', points: [point('02', { evaluations: 3 })] },
      ]),
      measures.evaluations,
    );
    expect(chart.rows).toEqual([
      { at: at('02'), on: 0, off: 3 },
      { at: at('05'), on: 7, off: 0 },
    ]);
  });

  it('draws both latency percentiles per variant, p99 dashed', () => {
    const chart = buildChart(series([{ variant: 'on', points: [point('00')] }]), measures.latency);
    expect(chart.lines).toEqual([
      { key: 'on p95', variant: 'on', dashed: false },
      { key: 'on p99', variant: 'on', dashed: true },
    ]);
    expect(chart.rows).toEqual([{ at: at('00'), 'on p95': 40, 'on p99': 80 }]);
  });
});

describe('guardrailMeasure', () => {
  it('reads a custom event rate as a percentage of evaluations', () => {
    const measure = guardrailMeasure('eventRate', 'declined');
    expect(measure.read(point('00', { evaluations: 200, events: { declined: 5 } }))).toBe(2.5);
    expect(measure.read(point('00', { evaluations: 0 }))).toBeNull();
  });
});

describe('variantTotals', () => {
  it('adds counts over the range and derives the error rate from the sums', () => {
    const totals = variantTotals(
      series([
        {
          variant: 'on',
          points: [
            point('00', { outcomes: 30, errors: 3 }),
            point('01', { outcomes: 70, errors: 2 }),
          ],
        },
        { variant: 'off', points: [point('00', { outcomes: 0, errors: 0 })] },
      ]),
    );
    expect(totals).toEqual([
      { variant: 'on', evaluations: 200, outcomes: 100, errors: 5, errorRate: 0.05 },
      { variant: 'off', evaluations: 100, outcomes: 0, errors: 0, errorRate: null },
    ]);
  });
});

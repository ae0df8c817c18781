import type { GuardrailMetric, MetricPoint, MetricSeries } from '@tripswitch/sdk/protocol';

// Metric series reshaped for charts: one row per point in time with a column per line, since a
// chart draws every line over the same x axis. Pure, so the reshaping is tested without a browser.

/** One quantity to draw per variant, read from each point. */
export interface Measure {
  /** Added to the variant in the legend ("on p99"); empty for one line per variant. */
  label: string;
  read(point: MetricPoint): number | null;
  /** What a time without a point means: zero for counts, unknown (a gap) for rates. */
  missing: number | null;
  dashed?: boolean;
}

export interface ChartLine {
  key: string;
  variant: string;
  dashed: boolean;
}

export type ChartRow = { at: number } & Record<string, number | null>;

export interface Chart {
  rows: ChartRow[];
  lines: ChartLine[];
}

const percent = (fraction: number | null) => (fraction === null ? null : fraction * 100);

/** Error rate in %, both latency percentiles in ms, and evaluations per point. */
export const measures = {
  errorRate: [{ label: '', read: (p) => percent(p.errorRate), missing: null }],
  latency: [
    { label: 'p95', read: (p) => p.latencyP95, missing: null },
    { label: 'p99', read: (p) => p.latencyP99, missing: null, dashed: true },
  ],
  evaluations: [{ label: '', read: (p) => p.evaluations, missing: 0 }],
} satisfies Record<string, Measure[]>;

/** The measure a guardrail watches, in the unit its limit is shown in (% for rates, ms). */
export function guardrailMeasure(metric: GuardrailMetric, event: string | null): Measure {
  switch (metric) {
    case 'errorRate':
      return { label: '', read: (p) => percent(p.errorRate), missing: null };
    case 'latencyP95':
      return { label: '', read: (p) => p.latencyP95, missing: null };
    case 'latencyP99':
      return { label: '', read: (p) => p.latencyP99, missing: null };
    case 'eventRate':
      return {
        label: '',
        read: (p) =>
          p.evaluations > 0 ? percent((p.events[event ?? ''] ?? 0) / p.evaluations) : null,
        missing: null,
      };
  }
}

/** Rows over the union of every variant's point times, oldest first, and the lines to draw. */
export function buildChart(series: MetricSeries, chartMeasures: readonly Measure[]): Chart {
  const lines: (ChartLine & { measure: Measure })[] = series.variants.flatMap(({ variant }) =>
    chartMeasures.map((measure) => ({
      key: measure.label ? `${variant} ${measure.label}` : variant,
      variant,
      dashed: measure.dashed ?? false,
      measure,
    })),
  );
  const rows = new Map<number, ChartRow>();
  const rowAt = (at: number) => {
    let row = rows.get(at);
    if (!row) {
      row = { at } as ChartRow;
      for (const line of lines) row[line.key] = line.measure.missing;
      rows.set(at, row);
    }
    return row;
  };
  for (const { variant, points } of series.variants) {
    for (const point of points) {
      const row = rowAt(Date.parse(point.at));
      for (const line of lines) {
        if (line.variant === variant) row[line.key] = line.measure.read(point);
      }
    }
  }
  return {
    rows: [...rows.values()].sort((a, b) => a.at - b.at),
    lines: lines.map(({ measure: _, ...line }) => line),
  };
}

/** What each variant saw over the whole range. */
export interface VariantTotals {
  variant: string;
  evaluations: number;
  outcomes: number;
  errors: number;
  /** errors / outcomes; null without outcomes. */
  errorRate: number | null;
}

export function variantTotals(series: MetricSeries): VariantTotals[] {
  return series.variants.map(({ variant, points }) => {
    const sum = (pick: (point: MetricPoint) => number) =>
      points.reduce((total, point) => total + pick(point), 0);
    const outcomes = sum((p) => p.outcomes);
    const errors = sum((p) => p.errors);
    return {
      variant,
      evaluations: sum((p) => p.evaluations),
      outcomes,
      errors,
      errorRate: outcomes > 0 ? errors / outcomes : null,
    };
  });
}

/** The time ranges the charts offer. */
export const RANGES = [
  { label: 'Last 15 minutes', seconds: 900 },
  { label: 'Last hour', seconds: 3600 },
  { label: 'Last 6 hours', seconds: 6 * 3600 },
  { label: 'Last 24 hours', seconds: 86_400 },
  { label: 'Last 7 days', seconds: 7 * 86_400 },
] as const;

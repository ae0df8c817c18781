import type { MetricPoint, MetricSeries } from '@tripswitch/sdk/protocol';
import type { PrismaClient } from '../../store/prisma.ts';
import { addHistogram, quantileMs } from './histogram.ts';

/** What one variant of a flag environment measured over a span of time. */
export interface VariantTotals {
  evaluations: number;
  outcomes: number;
  errors: number;
  latency: number[];
  valueSum: number;
  valueCount: number;
  /** Custom events by name. */
  events: Record<string, number>;
}

/** Totals with nothing counted yet. */
export const emptyTotals = (): VariantTotals => ({
  evaluations: 0,
  outcomes: 0,
  errors: 0,
  latency: [],
  valueSum: 0,
  valueCount: 0,
  events: {},
});

interface Span {
  environment: string;
  flagKey: string;
  /** Buckets that start in [from, to) count. */
  from: Date;
  to: Date;
}

/**
 * Sums the buckets of a flag environment per variant and per `slot` (one slot for a guardrail's
 * window, one per point for a chart). `slotOf` maps a bucket's start to its slot.
 */
async function sumBuckets(
  db: PrismaClient,
  span: Span,
  slotOf: (bucketStart: Date) => number,
  /** One custom event, none (null), or all of them (undefined). */
  onlyEvent?: string | null,
): Promise<Map<string, Map<number, VariantTotals>>> {
  const where = {
    environmentKey: span.environment,
    flagKey: span.flagKey,
    bucketStart: { gte: span.from, lt: span.to },
  };
  const [buckets, events] = await Promise.all([
    db.metricBucket.findMany({ where }),
    onlyEvent === null
      ? []
      : db.eventBucket.findMany({
          where: { ...where, ...(onlyEvent !== undefined && { event: onlyEvent }) },
        }),
  ]);
  const byVariant = new Map<string, Map<number, VariantTotals>>();
  const totalsOf = (variant: string, bucketStart: Date) => {
    let slots = byVariant.get(variant);
    if (!slots) {
      slots = new Map();
      byVariant.set(variant, slots);
    }
    const slot = slotOf(bucketStart);
    let totals = slots.get(slot);
    if (!totals) {
      totals = emptyTotals();
      slots.set(slot, totals);
    }
    return totals;
  };
  for (const bucket of buckets) {
    const totals = totalsOf(bucket.variant, bucket.bucketStart);
    totals.evaluations += Number(bucket.evaluations);
    totals.outcomes += Number(bucket.outcomes);
    totals.errors += Number(bucket.errors);
    addHistogram(totals.latency, bucket.latency.map(Number));
    totals.valueSum += bucket.valueSum;
    totals.valueCount += Number(bucket.valueCount);
  }
  for (const bucket of events) {
    const totals = totalsOf(bucket.variant, bucket.bucketStart);
    totals.events[bucket.event] = (totals.events[bucket.event] ?? 0) + Number(bucket.count);
  }
  return byVariant;
}

/** Per variant, the totals of each bucket that starts in [from, to), by its start (ms), with one custom event or none. */
export function readBuckets(
  db: PrismaClient,
  span: Span,
  event: string | null,
): Promise<Map<string, Map<number, VariantTotals>>> {
  return sumBuckets(db, span, (bucketStart) => bucketStart.getTime(), event);
}

/** Per variant, one point per `stepMs` from `from`, for charts; points without data are left out. */
export async function readSeries(
  db: PrismaClient,
  span: Span,
  stepMs: number,
): Promise<MetricSeries['variants']> {
  const start = span.from.getTime();
  const byVariant = await sumBuckets(db, span, (bucketStart) =>
    Math.floor((bucketStart.getTime() - start) / stepMs),
  );
  return [...byVariant.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([variant, slots]) => ({
      variant,
      points: [...slots.entries()]
        .sort(([a], [b]) => a - b)
        .map(([slot, totals]) => toPoint(new Date(start + slot * stepMs), totals)),
    }));
}

function toPoint(at: Date, totals: VariantTotals): MetricPoint {
  return {
    at: at.toISOString(),
    evaluations: totals.evaluations,
    outcomes: totals.outcomes,
    errors: totals.errors,
    errorRate: totals.outcomes > 0 ? totals.errors / totals.outcomes : null,
    latencyP50: quantileMs(totals.latency, 0.5),
    latencyP95: quantileMs(totals.latency, 0.95),
    latencyP99: quantileMs(totals.latency, 0.99),
    meanValue: totals.valueCount > 0 ? totals.valueSum / totals.valueCount : null,
    events: totals.events,
  };
}

import type { GuardrailHold } from '@tripswitch/sdk/protocol';
import type { VariantTotals } from '../metrics/read.ts';
import { rateEvidence } from './sequential.ts';

// The sample-ratio check: when a flag serves everyone by weights alone, each variant's share of
// evaluations should match its weight. A share far from it means the comparison is broken (a
// variant that crashes before it counts, a cache serving one arm, a bad bucketing attribute), so
// the rollout is held, never advanced and never tripped on it.
//
// The test is sequential too: for each variant, "its share of evaluations is above its weight
// times (1 + TOLERANCE)" and "below its weight times (1 - TOLERANCE)" are two rate tests
// (sequential.ts) at SPLIT_ALPHA split over them. The tolerance is there because evaluations of
// one context are not independent (a busy user evaluates many times, always in the same arm), so
// an exact-share null would be rejected by clustering alone once enough data accumulates; a real
// mismatch is far bigger than 10% of the weight.

/** The false-hold probability of the split check, over the whole configuration's life. */
export const SPLIT_ALPHA = 0.001;
/** How far (relative to its weight) a variant's share may drift before it counts as a mismatch. */
export const SPLIT_TOLERANCE = 0.1;

export interface SplitInput {
  buckets: ReadonlyMap<string, ReadonlyMap<number, VariantTotals>>;
  split: ReadonlyMap<string, number> | null;
  splitSince: number;
}

/** The hold a sample-ratio mismatch puts on the rollout, or null. */
export function splitHold(data: SplitInput): GuardrailHold | null {
  if (!data.split) return null;
  const total = [...data.split.values()].reduce((sum, weight) => sum + weight, 0);
  const counts = new Map<string, number>();
  for (const [variant, slots] of data.buckets) {
    let evaluations = 0;
    for (const [start, t] of slots) if (start >= data.splitSince) evaluations += t.evaluations;
    counts.set(variant, evaluations);
  }
  const all = [...counts.values()].reduce((sum, count) => sum + count, 0);
  if (all === 0 || total <= 0) return null;
  const variants = new Set([...data.split.keys(), ...counts.keys()]);
  const logThreshold = Math.log((2 * variants.size) / SPLIT_ALPHA);
  for (const variant of [...variants].sort()) {
    const share = (data.split.get(variant) ?? 0) / total;
    const hits = counts.get(variant) ?? 0;
    const over = rateEvidence({ hits, trials: all }, share * (1 + SPLIT_TOLERANCE));
    // Too few of this variant is too many of the others: its complement's share, tested the same way.
    const under = rateEvidence(
      { hits: all - hits, trials: all },
      1 - share * (1 - SPLIT_TOLERANCE),
    );
    if (over >= logThreshold || under >= logThreshold) {
      const observed = `${Number(((100 * hits) / all).toPrecision(3))}%`;
      const expected = `${Number((100 * share).toPrecision(3))}%`;
      return {
        reason: 'sampleRatioMismatch',
        message: `Variant "${variant}" got ${observed} of ${all} evaluations where its weight is ${expected}: the split is not as configured, so the comparison cannot be trusted.`,
      };
    }
  }
  return null;
}

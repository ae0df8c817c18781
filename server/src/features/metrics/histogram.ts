import { binLowerMs, binUpperMs, LATENCY_BINS } from '@tripswitch/sdk/protocol';

// Reading the SDK's fixed log-scale latency histograms (counts per bin, index = bin).

/** Adds `from` into `into` bin by bin, growing it as needed; returns `into`. */
export function addHistogram(into: number[], from: readonly number[]): number[] {
  const length = Math.min(from.length, LATENCY_BINS);
  for (let bin = 0; bin < length; bin++) into[bin] = (into[bin] ?? 0) + (from[bin] ?? 0);
  return into;
}

/** How many latencies a histogram holds. */
export function histogramCount(histogram: readonly number[]): number {
  let total = 0;
  for (const count of histogram) total += count;
  return total;
}

/**
 * The latency at quantile `q` (0.95 for p95), as the upper bound of the bin holding it: a
 * percentile read from a histogram can only be bounded, and the upper bound never understates a
 * slow variant. The last bin has no upper bound; its lower one is returned. Null when empty.
 */
export function quantileMs(histogram: readonly number[], q: number): number | null {
  const total = histogramCount(histogram);
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let bin = 0; bin < histogram.length; bin++) {
    seen += histogram[bin] ?? 0;
    if (seen >= rank) {
      const upper = binUpperMs(bin);
      return Number.isFinite(upper) ? upper : binLowerMs(bin);
    }
  }
  return binLowerMs(histogram.length - 1);
}

/**
 * How many latencies are certainly above `limitMs`: those in bins that start at or above it. The
 * bin straddling the limit is left out, so the count never overstates (no trip on rounding).
 */
export function countAbove(histogram: readonly number[], limitMs: number): number {
  let above = 0;
  for (let bin = 0; bin < histogram.length; bin++) {
    if (binLowerMs(bin) >= limitMs) above += histogram[bin] ?? 0;
  }
  return above;
}

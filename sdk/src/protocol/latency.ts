// The latency histogram shared by the SDK (which fills it) and the server (which merges and reads
// percentiles from it). Pure arithmetic and no TypeBox, so the browser client may import it.
//
// Bins are fixed and log-scaled, four per doubling: bin 0 holds calls under 0.1 ms, bin i >= 1
// holds [0.1 * 2^((i-1)/4), 0.1 * 2^(i/4)) ms, and the last bin everything from about 74 s up.
// Fixed bins make histograms from any number of SDKs mergeable by adding counts, and four per
// doubling bound the error of a percentile read from them to 19%.

/** How many bins a latency histogram has. */
export const LATENCY_BINS = 80;

const FIRST_BOUND_MS = 0.1;
const BINS_PER_DOUBLING = 4;

/** The bin a latency in milliseconds falls in; negative or non-finite values count as 0 ms. */
export function latencyBin(ms: number): number {
  if (!(ms >= FIRST_BOUND_MS)) return 0;
  const bin = 1 + Math.floor(BINS_PER_DOUBLING * Math.log2(ms / FIRST_BOUND_MS));
  return bin < LATENCY_BINS ? bin : LATENCY_BINS - 1;
}

/** The lowest latency (ms) bin `bin` holds. */
export function binLowerMs(bin: number): number {
  return bin <= 0 ? 0 : FIRST_BOUND_MS * 2 ** ((bin - 1) / BINS_PER_DOUBLING);
}

/** The latency (ms) where bin `bin` ends; Infinity for the last bin. */
export function binUpperMs(bin: number): number {
  return bin >= LATENCY_BINS - 1 ? Number.POSITIVE_INFINITY : binLowerMs(bin + 1);
}

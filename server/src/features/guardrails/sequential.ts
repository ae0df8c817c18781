// The evidence a trip rests on: always-valid sequential tests (e-processes). Each function returns
// the log of an e-value E for "the treatment is worse than its limit". Under the null hypothesis
// (the treatment is within its limit) E is a nonnegative supermartingale that starts at 1, so by
// Ville's inequality P(E ever reaches 1/alpha) <= alpha: however often it is looked at and for how
// long. A guardrail trips when E >= 1/alpha; nothing about the cadence or the duration of the
// looks enters the promise.
//
// Both tests are mixture likelihood ratios (Robbins' method of mixtures), with the alternative
// spread over LIFTS: a fixed grid of "how much worse", equally weighted, so no tuning is asked of
// the user. The likelihoods are Poisson in form: E[a^X] <= exp(n p (a - 1)) holds for a count X of
// n independent Bernoulli(p) trials as for a Poisson(n p) count, so the same tests are valid for
// error counts (Bernoulli) and for custom event counts (which may exceed the evaluations).
//
// References: Ville (1939); Robbins (1970), "Statistical methods related to the law of the iterated
// logarithm"; Howard, Ramdas, McAuliffe, Sekhon (2021), "Time-uniform, nonparametric,
// nonasymptotic confidence sequences"; Lindon & Malek (2022), "Anytime-valid inference for
// multinomial count data"; Ramdas, Grünwald, Vovk, Shafer (2023), "Game-theoretic statistics and
// safe anytime-valid inference".

/** The alternatives, as multiples of the limit's rate (or of the allowed ratio to the control). */
export const LIFTS = [1.1, 1.25, 1.5, 2, 3, 5, 10] as const;
const LOG_WEIGHT = -Math.log(LIFTS.length);

/** The mixture's log e-value from the log likelihood ratio of each alternative in LIFTS. */
export function mixture(logRatios: readonly number[]): number {
  const top = Math.max(...logRatios);
  if (!Number.isFinite(top)) return top;
  let sum = 0;
  for (const term of logRatios) sum += Math.exp(term - top);
  return top + Math.log(sum) + LOG_WEIGHT;
}

/** Hits out of trials: failed outcomes of outcomes, events of evaluations, slow calls of calls. */
export interface Count {
  hits: number;
  trials: number;
}

/**
 * Evidence that the rate of hits per trial is above `limit`, from cumulative counts. Null: rate
 * <= limit. Alternative k: rate = limit * LIFTS[k]. log LR_k = x log(lift) - n limit (lift - 1).
 * A limit of 0 is breached by any hit (infinite evidence); a limit of 1 or more on a proportion
 * can never be exceeded, so `proportion` makes that evidence 1 (log 0).
 */
export function rateEvidence(count: Count, limit: number, proportion = true): number {
  if (count.trials <= 0) return 0;
  if (limit <= 0) return count.hits > 0 ? Number.POSITIVE_INFINITY : 0;
  if (proportion && limit >= 1) return 0;
  const expected = count.trials * limit;
  return mixture(LIFTS.map((lift) => count.hits * Math.log(lift) - expected * (lift - 1)));
}

/** One bucket of a comparison with the control: both arms' counts over the same time. */
export interface PairedCount {
  treatment: Count;
  control: Count;
}

/**
 * Evidence that the treatment's rate is above `ratio` times the control's, from per-bucket counts.
 * Within a bucket, given its trials nT and nC, a hit falls on the treatment with probability at
 * most theta0 = nT r / (nT r + nC) under the null (rate_T <= r rate_C); the bucket's likelihood
 * ratio for theta_k (ratio r * LIFTS[k]) against theta0 has expectation <= 1 whatever the rates,
 * so the product over buckets is a supermartingale however the traffic split moves between
 * buckets (a rollout step) and however the control's own rate drifts. Buckets where either arm has
 * no trials carry no information and are skipped. The mixture is over the product per lift (one
 * alternative held over the whole sequence), which keeps it a supermartingale.
 */
export function ratioEvidence(buckets: readonly PairedCount[], ratio: number): number {
  const sums: number[] = LIFTS.map(() => 0);
  for (const bucket of buckets) addBucket(sums, bucket, ratio);
  return mixture(sums);
}

/** Adds one bucket's log likelihood ratios to running sums, one per lift (for incremental use). */
export function addBucket(sums: number[], bucket: PairedCount, ratio: number): void {
  const terms = pairLogRatios(bucket, ratio);
  if (!terms) return;
  for (const [k, term] of terms.entries()) sums[k] = (sums[k] as number) + term;
}

/** One bucket's log likelihood ratio per alternative in LIFTS; null when it carries no information. */
export function pairLogRatios({ treatment, control }: PairedCount, ratio: number): number[] | null {
  if (treatment.trials <= 0 || control.trials <= 0) return null;
  if (treatment.hits === 0 && control.hits === 0) return null;
  const exposure = treatment.trials * ratio;
  const theta0 = exposure / (exposure + control.trials);
  return LIFTS.map((lift) => {
    const thetaK = (exposure * lift) / (exposure * lift + control.trials);
    return (
      treatment.hits * Math.log(thetaK / theta0) +
      control.hits * Math.log((1 - thetaK) / (1 - theta0))
    );
  });
}

/**
 * The smallest null value the evidence does not yet reject at `logThreshold`: the lower end of the
 * confidence sequence obtained by inverting the test family (a rate for rateEvidence, a ratio for
 * ratioEvidence). `evidenceAt` must decrease as its argument grows; null when even `low` is not
 * rejected (nothing is known beyond it).
 */
export function lowerBound(
  evidenceAt: (nullValue: number) => number,
  logThreshold: number,
  low: number,
  high: number,
): number | null {
  if (evidenceAt(low) < logThreshold) return null;
  let below = low;
  let above = high;
  if (evidenceAt(above) >= logThreshold) return above;
  for (let i = 0; i < 50 && above - below > 1e-9 * Math.max(1, above); i++) {
    const middle = (below + above) / 2;
    if (evidenceAt(middle) >= logThreshold) below = middle;
    else above = middle;
  }
  return below;
}

import { addBucket, LIFTS, mixture, rateEvidence } from '@tripswitch/server/guardrails';
import { seededRandom } from '../../sdk/src/core/factories.ts';
import { normalQuantile, scoreZ, twoProportionZ } from './per-look.ts';

// Simulated holds of a flag environment with one error-rate guardrail, judged at every look by
// the sequential tests (the server's own functions, fed incrementally) and by the old per-look
// test over its sliding window. Shared by `pnpm bench:guardrails` (the judgement table) and the
// property tests, so both state the same thing about the same code.

export type Threshold = { kind: 'relative'; margin: number } | { kind: 'absolute'; limit: number };

export interface Scenario {
  /** How long the hold lasts. */
  seconds: number;
  /** Outcomes per second per variant. */
  perSecond: number;
  controlRate: number;
  treatmentRate: number;
  threshold: Threshold;
  /** False-trip budget of the sequential test (1 - confidence, one guardrail, one treatment). */
  alpha: number;
  minimumSample: number;
  /** Looks (guardrail interval), metric buckets, and the old test's sliding window. */
  lookSeconds: number;
  bucketSeconds: number;
  windowSeconds: number;
}

export const DEFAULT_SCENARIO: Scenario = {
  seconds: 3600,
  perSecond: 20,
  controlRate: 0.01,
  treatmentRate: 0.01,
  threshold: { kind: 'relative', margin: 0 },
  alpha: 0.01,
  minimumSample: 200,
  lookSeconds: 5,
  bucketSeconds: 10,
  windowSeconds: 300,
};

export interface HoldResult {
  /** Seconds from the start to the sequential test's trip; null: it never tripped. */
  sequentialTripAt: number | null;
  /** The same for the old per-look test at critical z for 1 - alpha. */
  perLookTripAt: number | null;
  /** The old test's largest z over the hold (to calibrate it to a whole-hold false-trip rate). */
  perLookMaxZ: number;
  /** Its z at every look, for the time to trip at another critical value. */
  perLookZ: Float64Array;
}

/** A binomial draw by geometric skips: cost grows with the number of successes, not of trials. */
export function binomial(rng: () => number, n: number, p: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return n;
  const logQ = Math.log(1 - p);
  let successes = 0;
  let position = Math.floor(Math.log(1 - rng()) / logQ);
  while (position < n) {
    successes++;
    position += 1 + Math.floor(Math.log(1 - rng()) / logQ);
  }
  return successes;
}

interface Slot {
  treatmentErrors: number;
  controlErrors: number;
}

/** One hold: outcomes arrive every look; both tests judge what the server would have stored. */
export function simulateHold(scenario: Scenario, rng: () => number): HoldResult {
  const looks = Math.floor(scenario.seconds / scenario.lookSeconds);
  const perLook = scenario.perSecond * scenario.lookSeconds;
  const looksPerBucket = Math.max(1, Math.round(scenario.bucketSeconds / scenario.lookSeconds));
  const windowLooks = Math.round(scenario.windowSeconds / scenario.lookSeconds);
  const logThreshold = Math.log(1 / scenario.alpha);
  const critical = normalQuantile(1 - scenario.alpha);
  const { threshold } = scenario;

  const slots: Slot[] = [];
  const sums = LIFTS.map(() => 0);
  let bucket = { treatment: { hits: 0, trials: 0 }, control: { hits: 0, trials: 0 } };
  let cumulativeErrors = 0;
  let window = { treatment: 0, control: 0 };
  let sequentialTripAt: number | null = null;
  let perLookTripAt: number | null = null;
  let perLookMaxZ = Number.NEGATIVE_INFINITY;
  const perLookZ = new Float64Array(looks).fill(Number.NEGATIVE_INFINITY);

  for (let look = 0; look < looks; look++) {
    const slot = {
      treatmentErrors: binomial(rng, perLook, scenario.treatmentRate),
      controlErrors: binomial(rng, perLook, scenario.controlRate),
    };
    slots.push(slot);
    const at = (look + 1) * scenario.lookSeconds;
    const sample = (look + 1) * perLook;
    cumulativeErrors += slot.treatmentErrors;
    bucket.treatment.hits += slot.treatmentErrors;
    bucket.treatment.trials += perLook;
    bucket.control.hits += slot.controlErrors;
    bucket.control.trials += perLook;

    // Sequential: absolute on everything stored; relative on complete buckets, one look after
    // they end (the settle delay), as the server judges them.
    if (sequentialTripAt === null) {
      let logEvidence: number;
      if (threshold.kind === 'absolute') {
        logEvidence = rateEvidence({ hits: cumulativeErrors, trials: sample }, threshold.limit);
      } else {
        if ((look + 1) % looksPerBucket === 0) {
          addBucket(sums, bucket, 1 + threshold.margin);
          bucket = { treatment: { hits: 0, trials: 0 }, control: { hits: 0, trials: 0 } };
        }
        logEvidence = mixture(sums);
      }
      if (sample >= scenario.minimumSample && logEvidence >= logThreshold) sequentialTripAt = at;
    }

    // Per look: the sliding window's sums.
    window.treatment += slot.treatmentErrors;
    window.control += slot.controlErrors;
    const leaving = slots[look - windowLooks];
    if (leaving) {
      window = {
        treatment: window.treatment - leaving.treatmentErrors,
        control: window.control - leaving.controlErrors,
      };
    }
    const trials = Math.min(look + 1, windowLooks) * perLook;
    if (trials < scenario.minimumSample) continue;
    const z =
      threshold.kind === 'absolute'
        ? scoreZ(window.treatment, trials, threshold.limit)
        : twoProportionZ(
            { successes: window.treatment, trials },
            { successes: window.control, trials },
            threshold.margin,
          );
    perLookZ[look] = z;
    if (z > perLookMaxZ) perLookMaxZ = z;
    if (perLookTripAt === null && z > critical) perLookTripAt = at;
  }
  return { sequentialTripAt, perLookTripAt, perLookMaxZ, perLookZ };
}

/** `holds` seeded holds of a scenario. */
export function simulate(scenario: Scenario, holds: number, seed: number): HoldResult[] {
  const rng = seededRandom(seed);
  return Array.from({ length: holds }, () => simulateHold(scenario, rng));
}

/** The share of holds with a trip. */
export const tripShare = (times: ReadonlyArray<number | null>) =>
  times.filter((t) => t !== null).length / times.length;

/** The critical z at which the old test trips `share` of these (healthy) holds over the hold. */
export function calibratedCritical(results: readonly HoldResult[], share: number): number {
  const maxima = results.map((r) => r.perLookMaxZ).sort((a, b) => a - b);
  return maxima[Math.min(maxima.length - 1, Math.ceil((1 - share) * maxima.length))] as number;
}

/** When the old test would have tripped at another critical value. */
export function perLookTripAt(result: HoldResult, critical: number, lookSeconds: number) {
  const look = result.perLookZ.findIndex((z) => z > critical);
  return look === -1 ? null : (look + 1) * lookSeconds;
}

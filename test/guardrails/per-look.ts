// The per-look tests guardrails judged with before sequential judgement, kept as the baseline the
// judgement benchmark and the property tests compare with. Each gives a z statistic; a look trips
// when z exceeds the one-sided critical value z_c (2.326 for c = 0.99), so the stated confidence
// holds per look, not over the looks of a rollout: that is what sequential judgement fixed.

// Acklam's coefficients, highest power first.
const CENTRAL_NUMERATOR = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const CENTRAL_DENOMINATOR = [
  -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  1,
];
const TAIL_NUMERATOR = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
];
const TAIL_DENOMINATOR = [
  0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416, 1,
];
const TAIL_BELOW = 0.02425;

const polynomial = (coefficients: readonly number[], x: number) =>
  coefficients.reduce((sum, coefficient) => sum * x + coefficient, 0);

/**
 * The standard normal quantile: the z with P(Z <= z) = p (Acklam's rational approximation,
 * relative error below 1.2e-9 over (0, 1)).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  const tail = (q: number) => polynomial(TAIL_NUMERATOR, q) / polynomial(TAIL_DENOMINATOR, q);
  if (p < TAIL_BELOW) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - TAIL_BELOW) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (q * polynomial(CENTRAL_NUMERATOR, r)) / polynomial(CENTRAL_DENOMINATOR, r);
}

/**
 * Against a fixed limit p0 (an absolute threshold): the score test of H0 "p <= p0",
 * z = (x/n - p0) / sqrt(p0 (1 - p0) / n). It is the test the Wilson score interval inverts: z > z_c
 * exactly when the Wilson lower bound at confidence c lies above p0. A limit of 0 is breached by
 * any success; a limit of 1 or more never is.
 */
export function scoreZ(successes: number, trials: number, limit: number): number {
  if (trials <= 0) return Number.NEGATIVE_INFINITY;
  const observed = successes / trials;
  if (limit >= 1) return Number.NEGATIVE_INFINITY;
  if (limit <= 0) return observed > 0 ? Number.POSITIVE_INFINITY : 0;
  return (observed - limit) / Math.sqrt((limit * (1 - limit)) / trials);
}

/**
 * Against the control (a relative threshold r): H0 "pT <= (1 + r) pC", tested with the unpooled
 * two-proportion z statistic on Agresti-Caffo adjusted proportions (one success and one failure
 * added to each group: p~ = (x + 1) / (n + 2)), which keeps its stated error rate at small samples
 * and rates near 0, where the plain Wald test trips too often:
 *   z = (p~T - (1 + r) p~C) / sqrt(p~T (1 - p~T) / (nT + 2) + (1 + r)^2 p~C (1 - p~C) / (nC + 2)).
 */
export function twoProportionZ(
  treatment: { successes: number; trials: number },
  control: { successes: number; trials: number },
  margin: number,
): number {
  const factor = 1 + margin;
  const nT = treatment.trials + 2;
  const nC = control.trials + 2;
  const pT = (treatment.successes + 1) / nT;
  const pC = (control.successes + 1) / nC;
  const variance = (pT * (1 - pT)) / nT + (factor * factor * pC * (1 - pC)) / nC;
  return (pT - factor * pC) / Math.sqrt(variance);
}

import type {
  GuardrailEvaluation,
  GuardrailHold,
  GuardrailMetric,
  GuardrailThreshold,
  TreatmentVerdict,
  VariantFigures,
} from '@tripswitch/sdk/protocol';
import { addHistogram, countAbove, histogramCount, quantileMs } from '../metrics/histogram.ts';
import { emptyTotals, type VariantTotals } from '../metrics/read.ts';
import {
  type Count,
  lowerBound,
  type PairedCount,
  rateEvidence,
  ratioEvidence,
} from './sequential.ts';
import { splitHold } from './split.ts';

// One guardrail over its evidence so far: pure, so the leader's evaluator, the API's live status,
// the benchmarks and the tests all reach the same verdict from the same figures. Each treatment
// gets an always-valid sequential test (sequential.ts) at its share of the flag environment's
// false-alarm budget; a trip needs its evidence to reach 1 / alpha.

/** What the evaluation needs of a guardrail. */
export interface GuardrailRule {
  metric: GuardrailMetric;
  event: string | null;
  threshold: GuardrailThreshold;
  minimumSample: number;
}

/** The evidence a guardrail judges: every bucket since its sequence began, per variant. */
export interface SequenceData {
  /** The variant treatments are compared with. */
  control: string;
  /** Per variant, the totals of each bucket by its start (ms since the epoch). */
  buckets: ReadonlyMap<string, ReadonlyMap<number, VariantTotals>>;
  /**
   * Buckets that start before this are complete. Comparisons with the control judge only those: a
   * bucket's likelihood ratio is conditioned on both arms' trials in it, which must be final.
   */
  settledBefore: number;
  from: Date;
  to: Date;
  evaluatedAt: Date;
  /** The false-alarm probability this guardrail may spend on each treatment (its budget share). */
  alpha: number;
  /** The configured split, when the flag serves everyone by weights alone; null otherwise. */
  split: ReadonlyMap<string, number> | null;
  /** Split test: buckets from this start on (the first one wholly under the current configuration). */
  splitSince: number;
}

const QUANTILES: Partial<Record<GuardrailMetric, number>> = { latencyP95: 0.95, latencyP99: 0.99 };
/** Evidence is reported up to this, so it survives JSON (a limit of 0 gives infinite evidence). */
const EVIDENCE_CAP = 1e12;

const byStart = (slots: ReadonlyMap<number, VariantTotals> | undefined) =>
  [...(slots ?? new Map<number, VariantTotals>()).entries()].sort(([a], [b]) => a - b);

function sum(slots: ReadonlyMap<number, VariantTotals> | undefined): VariantTotals {
  const total = emptyTotals();
  for (const [, t] of byStart(slots)) {
    total.evaluations += t.evaluations;
    total.outcomes += t.outcomes;
    total.errors += t.errors;
    addHistogram(total.latency, t.latency);
    for (const [name, count] of Object.entries(t.events)) {
      total.events[name] = (total.events[name] ?? 0) + count;
    }
  }
  return total;
}

/** Trials, hits and the metric's value of one variant's totals (hits of a rate metric). */
function rateCount(rule: GuardrailRule, t: VariantTotals): Count {
  return rule.metric === 'eventRate'
    ? { hits: t.events[rule.event ?? ''] ?? 0, trials: t.evaluations }
    : { hits: t.errors, trials: t.outcomes };
}

function figures(rule: GuardrailRule, variant: string, t: VariantTotals): VariantFigures {
  const quantile = QUANTILES[rule.metric];
  if (quantile !== undefined) {
    return { variant, sample: histogramCount(t.latency), value: quantileMs(t.latency, quantile) };
  }
  const { hits, trials } = rateCount(rule, t);
  return { variant, sample: trials, value: trials > 0 ? hits / trials : null };
}

/** A test of one treatment: its log evidence and (on demand: it costs a search) its lower bound. */
interface Test {
  limit: number | null;
  logEvidence: number;
  bound: () => number | null;
}

function absoluteTest(rule: GuardrailRule, t: VariantTotals, logThreshold: number): Test {
  const quantile = QUANTILES[rule.metric];
  const limit = rule.threshold.value;
  // "p95 above the limit" is "more than 5% of calls above the limit": a rate of slow calls.
  const count =
    quantile !== undefined
      ? { hits: countAbove(t.latency, limit), trials: histogramCount(t.latency) }
      : rateCount(rule, t);
  const rateLimit = quantile !== undefined ? 1 - quantile : limit;
  const proportion = rule.metric !== 'eventRate';
  const at = (p: number) => rateEvidence(count, p, proportion);
  const top = count.trials > 0 ? Math.max(count.hits / count.trials, rateLimit) : rateLimit;
  return {
    limit,
    logEvidence: at(rateLimit),
    bound: () => (count.trials > 0 && count.hits > 0 ? lowerBound(at, logThreshold, 0, top) : null),
  };
}

function ratioTest(pairs: PairedCount[], ratio: number, logThreshold: number) {
  const at = (r: number) => ratioEvidence(pairs, r);
  return { logEvidence: at(ratio), bound: () => lowerBound(at, logThreshold, 1e-6, 1e6) };
}

/**
 * Against the control. Rates: the treatment's rate above (1 + r) times the control's, over the
 * settled buckets. Latency: the limit is (1 + r) times the control's percentile over the first
 * settled buckets that give it `minimumSample` latencies (the learning buckets, fixed before any
 * of the data it is tested on), then "the treatment's share of calls above that limit is above
 * the control's" is tested on the buckets after them.
 */
function relativeTest(
  rule: GuardrailRule,
  treatment: ReadonlyMap<number, VariantTotals> | undefined,
  control: ReadonlyMap<number, VariantTotals> | undefined,
  settledBefore: number,
  logThreshold: number,
): Test {
  const settled = byStart(control).filter(([start]) => start < settledBefore);
  const quantile = QUANTILES[rule.metric];
  if (quantile === undefined) {
    const controlRate = rateCount(rule, sum(control));
    const pairs = settled.map(([start, c]) => ({
      control: rateCount(rule, c),
      treatment: rateCount(rule, treatment?.get(start) ?? emptyTotals()),
    }));
    const limit =
      controlRate.trials > 0
        ? (controlRate.hits / controlRate.trials) * (1 + rule.threshold.value)
        : null;
    return { limit, ...ratioTest(pairs, 1 + rule.threshold.value, logThreshold) };
  }
  const learned: number[] = [];
  let index = 0;
  while (index < settled.length && histogramCount(learned) < rule.minimumSample) {
    addHistogram(learned, (settled[index] as [number, VariantTotals])[1].latency);
    index++;
  }
  const percentile =
    histogramCount(learned) >= rule.minimumSample ? quantileMs(learned, quantile) : null;
  if (percentile === null) return { limit: null, logEvidence: 0, bound: () => null };
  const limit = percentile * (1 + rule.threshold.value);
  const slow = (t: VariantTotals | undefined): Count => ({
    hits: countAbove(t?.latency ?? [], limit),
    trials: histogramCount(t?.latency ?? []),
  });
  const pairs = settled
    .slice(index)
    .map(([start, c]) => ({ control: slow(c), treatment: slow(treatment?.get(start)) }));
  return { limit, ...ratioTest(pairs, 1, logThreshold) };
}

/** The data quality problem that holds this evaluation, if any: nothing judged can be trusted. */
function invalid(data: SequenceData): GuardrailHold | null {
  for (const [variant, slots] of data.buckets) {
    for (const [, t] of slots) {
      const numbers = [
        t.evaluations,
        t.outcomes,
        t.errors,
        ...t.latency,
        ...Object.values(t.events),
      ];
      if (numbers.some((n) => !Number.isFinite(n) || n < 0) || t.errors > t.outcomes) {
        return {
          reason: 'invalidData',
          message: `Variant "${variant}" has counts that are not finite, negative or inconsistent (errors above outcomes).`,
        };
      }
    }
  }
  return null;
}

function judge(
  rule: GuardrailRule,
  variant: string,
  data: SequenceData,
  control: VariantFigures,
): TreatmentVerdict {
  const slots = data.buckets.get(variant);
  const totals = sum(slots);
  const base = figures(rule, variant, totals);
  const logThreshold = Math.log(1 / data.alpha);
  const relative = rule.threshold.kind === 'relative';
  const test = relative
    ? relativeTest(rule, slots, data.buckets.get(data.control), data.settledBefore, logThreshold)
    : absoluteTest(rule, totals, logThreshold);
  const evidence = Math.min(EVIDENCE_CAP, Math.exp(test.logEvidence));
  const short =
    base.sample < rule.minimumSample || (relative && control.sample < rule.minimumSample);
  const outcome =
    short || test.limit === null
      ? 'insufficientSample'
      : test.logEvidence >= logThreshold
        ? 'breached'
        : 'healthy';
  // The bound explains a breach; below the threshold the confidence sequence excludes nothing.
  const bound = outcome === 'breached' ? test.bound() : null;
  return { ...base, limit: test.limit, evidence, bound, outcome };
}

/**
 * Evaluates `rule` over its sequence: breached if any treatment is; else held for a data problem
 * (a split far from the configured weights, impossible counts, a control with no traffic); else
 * waiting for samples; else healthy.
 */
export function evaluateGuardrail(rule: GuardrailRule, data: SequenceData): GuardrailEvaluation {
  const relative = rule.threshold.kind === 'relative';
  const control = figures(rule, data.control, sum(data.buckets.get(data.control)));
  const hold = invalid(data);
  const treatments = hold
    ? []
    : [...data.buckets.keys()]
        .filter((variant) => variant !== data.control)
        .sort()
        .map((variant) => judge(rule, variant, data, control));
  const breached = treatments.some((t) => t.outcome === 'breached');
  const held =
    hold ??
    splitHold(data) ??
    (relative && control.sample === 0 && treatments.some((t) => t.sample >= rule.minimumSample)
      ? {
          reason: 'noControlTraffic' as const,
          message: `The control "${data.control}" has no traffic to compare with.`,
        }
      : null);
  const outcome = breached
    ? 'breached'
    : held
      ? 'held'
      : treatments.length === 0 || treatments.some((t) => t.outcome === 'insufficientSample')
        ? 'insufficientSample'
        : 'healthy';
  const evaluation: GuardrailEvaluation = {
    evaluatedAt: data.evaluatedAt.toISOString(),
    from: data.from.toISOString(),
    to: data.to.toISOString(),
    outcome,
    control: data.buckets.has(data.control) || relative ? control : null,
    treatments,
    alpha: data.alpha,
    threshold: 1 / data.alpha,
    hold: held,
    summary: '',
  };
  evaluation.summary = summarize(rule, evaluation);
  return evaluation;
}

/** A guardrail that was not evaluated (the flag is off, or it already tripped). */
export function idleEvaluation(
  data: { from: Date; to: Date; evaluatedAt: Date },
  why: string,
): GuardrailEvaluation {
  return {
    evaluatedAt: data.evaluatedAt.toISOString(),
    from: data.from.toISOString(),
    to: data.to.toISOString(),
    outcome: 'idle',
    control: null,
    treatments: [],
    alpha: null,
    threshold: null,
    hold: null,
    summary: why,
  };
}

const METRIC_NAMES: Record<GuardrailMetric, string> = {
  errorRate: 'error rate',
  latencyP95: 'p95 latency',
  latencyP99: 'p99 latency',
  eventRate: 'event rate',
};

function format(rule: GuardrailRule, value: number | null): string {
  if (value === null) return 'n/a';
  if (QUANTILES[rule.metric] !== undefined) return `${Number(value.toPrecision(3))} ms`;
  return `${Number((value * 100).toPrecision(3))}%`;
}

const compact = (n: number) =>
  n >= 1e6 ? n.toExponential(1) : Number(n.toPrecision(3)).toString();

/** What the lower bound bounds, in words. */
function boundText(rule: GuardrailRule, bound: number): string {
  const latency = QUANTILES[rule.metric] !== undefined;
  if (rule.threshold.kind === 'relative') {
    return latency
      ? `its share of calls above the limit is at least ${compact(bound)}x the control's`
      : `it is at least ${compact(bound)}x the control's rate`;
  }
  return latency
    ? `at least ${format({ ...rule, metric: 'errorRate' }, bound)} of its calls are above the limit`
    : `its rate is at least ${format(rule, bound)}`;
}

/** The verdict in one sentence, figures and evidence included: it becomes the trip's comment. */
function summarize(rule: GuardrailRule, evaluation: GuardrailEvaluation): string {
  const metric =
    rule.metric === 'eventRate' ? `"${rule.event}" rate` : (METRIC_NAMES[rule.metric] as string);
  const unit = rule.metric === 'eventRate' ? 'evaluations' : 'outcomes';
  const control = evaluation.control
    ? `; control ${evaluation.control.variant} ${format(rule, evaluation.control.value)} of ${evaluation.control.sample} ${unit}`
    : '';
  const hold = evaluation.hold ? ` Held: ${evaluation.hold.message}` : '';
  if (evaluation.treatments.length === 0) {
    return `${metric}: no treatment variant has data since ${evaluation.from} yet${control}.${hold}`;
  }
  const threshold = compact(evaluation.threshold as number);
  const parts = evaluation.treatments.map((t) => {
    const figures = `${t.variant} ${format(rule, t.value)} of ${t.sample} ${unit}, limit ${format(rule, t.limit)}`;
    if (t.outcome === 'insufficientSample') {
      return `${figures}: waiting for ${rule.minimumSample} ${unit} per variant`;
    }
    const evidence = `evidence ${(t.evidence as number) >= EVIDENCE_CAP ? 'over 1e12' : compact(t.evidence as number)}`;
    return t.outcome === 'breached'
      ? `${figures}: above it (${evidence} >= ${threshold}; ${boundText(rule, t.bound as number)})`
      : `${figures}: within it (${evidence} < ${threshold})`;
  });
  return `${metric}: ${parts.join('; ')}${control}.${hold}`;
}

import type {
  GuardrailEvaluation,
  GuardrailMetric,
  GuardrailThreshold,
  TreatmentVerdict,
  VariantFigures,
} from '@tripswitch/sdk/protocol';
import { countAbove, histogramCount, quantileMs } from '../metrics/histogram.ts';
import type { VariantTotals } from '../metrics/read.ts';
import { normalQuantile, scoreZ, twoProportionZ } from './statistics.ts';

// One guardrail over one window of data: pure, so the leader's evaluator, the API's live status
// and the tests all reach the same verdict from the same figures.

/** What the evaluation needs of a guardrail. */
export interface GuardrailRule {
  metric: GuardrailMetric;
  event: string | null;
  threshold: GuardrailThreshold;
  minimumSample: number;
  confidence: number;
}

export interface WindowData {
  /** The variant treatments are compared with. */
  control: string;
  /** Sums per variant over [from, to). */
  totals: ReadonlyMap<string, VariantTotals>;
  from: Date;
  to: Date;
  evaluatedAt: Date;
}

/** A variant's figures for the metric: `trials` of which `hits` count against it (rates). */
interface Measure {
  sample: number;
  value: number | null;
  hits: number;
}

const Z_BOUND = 1e6;
const QUANTILES: Partial<Record<GuardrailMetric, number>> = { latencyP95: 0.95, latencyP99: 0.99 };

function measure(rule: GuardrailRule, totals: VariantTotals | undefined): Measure {
  if (!totals) return { sample: 0, value: null, hits: 0 };
  const quantile = QUANTILES[rule.metric];
  if (quantile !== undefined) {
    return {
      sample: histogramCount(totals.latency),
      value: quantileMs(totals.latency, quantile),
      hits: 0,
    };
  }
  if (rule.metric === 'eventRate') {
    // A rate per evaluation, capped at one: it is tested as a proportion.
    const trials = totals.evaluations;
    const hits = Math.min(totals.events[rule.event ?? ''] ?? 0, trials);
    return { sample: trials, value: trials > 0 ? hits / trials : null, hits };
  }
  const { outcomes, errors } = totals;
  return { sample: outcomes, value: outcomes > 0 ? errors / outcomes : null, hits: errors };
}

function judge(
  rule: GuardrailRule,
  variant: string,
  treatment: Measure,
  control: Measure,
  totals: VariantTotals | undefined,
  critical: number,
): TreatmentVerdict {
  const relative = rule.threshold.kind === 'relative';
  const factor = 1 + rule.threshold.value;
  const base = { variant, sample: treatment.sample, value: treatment.value };
  const limit = relative
    ? control.value === null
      ? null
      : control.value * factor
    : rule.threshold.value;
  const short =
    treatment.sample < rule.minimumSample || (relative && control.sample < rule.minimumSample);
  if (short || limit === null) return { ...base, limit, z: null, outcome: 'insufficientSample' };

  const quantile = QUANTILES[rule.metric];
  let z: number;
  if (quantile !== undefined) {
    // "p95 above the limit" is "more than 5% of calls above the limit": a proportion test.
    z = scoreZ(countAbove(totals?.latency ?? [], limit), treatment.sample, 1 - quantile);
  } else if (relative) {
    z = twoProportionZ(
      { successes: treatment.hits, trials: treatment.sample },
      { successes: control.hits, trials: control.sample },
      rule.threshold.value,
    );
  } else {
    z = scoreZ(treatment.hits, treatment.sample, limit);
  }
  // Finite, so it survives JSON (a limit of 0 gives an infinite z on the first failure).
  z = Math.max(-Z_BOUND, Math.min(Z_BOUND, z));
  return { ...base, limit, z, outcome: z > critical ? 'breached' : 'healthy' };
}

/** Evaluates `rule` over a window: breached if any treatment is, else waiting, else healthy. */
export function evaluateGuardrail(rule: GuardrailRule, data: WindowData): GuardrailEvaluation {
  const critical = normalQuantile(rule.confidence);
  const control = measure(rule, data.totals.get(data.control));
  const treatments = [...data.totals.keys()]
    .filter((variant) => variant !== data.control)
    .sort()
    .map((variant) => {
      const totals = data.totals.get(variant);
      return judge(rule, variant, measure(rule, totals), control, totals, critical);
    });
  const outcome = treatments.some((t) => t.outcome === 'breached')
    ? 'breached'
    : treatments.length === 0 || treatments.some((t) => t.outcome === 'insufficientSample')
      ? 'insufficientSample'
      : 'healthy';
  const controlFigures: VariantFigures | null =
    data.totals.has(data.control) || rule.threshold.kind === 'relative'
      ? { variant: data.control, sample: control.sample, value: control.value }
      : null;
  const evaluation: GuardrailEvaluation = {
    evaluatedAt: data.evaluatedAt.toISOString(),
    from: data.from.toISOString(),
    to: data.to.toISOString(),
    outcome,
    control: controlFigures,
    treatments,
    critical,
    summary: '',
  };
  evaluation.summary = summarize(rule, evaluation);
  return evaluation;
}

/** A guardrail that was not evaluated (the flag is off, or it already tripped). */
export function idleEvaluation(data: Omit<WindowData, 'totals' | 'control'>, why: string) {
  const evaluation: GuardrailEvaluation = {
    evaluatedAt: data.evaluatedAt.toISOString(),
    from: data.from.toISOString(),
    to: data.to.toISOString(),
    outcome: 'idle',
    control: null,
    treatments: [],
    critical: 0,
    summary: why,
  };
  return evaluation;
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

/** The verdict in one sentence, figures included: it becomes the trip's comment. */
function summarize(rule: GuardrailRule, evaluation: GuardrailEvaluation): string {
  const metric =
    rule.metric === 'eventRate' ? `"${rule.event}" rate` : (METRIC_NAMES[rule.metric] as string);
  const unit = rule.metric === 'eventRate' ? 'evaluations' : 'outcomes';
  const control = evaluation.control
    ? `; control ${evaluation.control.variant} ${format(rule, evaluation.control.value)} of ${evaluation.control.sample} ${unit}`
    : '';
  if (evaluation.treatments.length === 0) {
    return `${metric}: no treatment variant has data in the window yet${control}`;
  }
  const confidence = `${Number((rule.confidence * 100).toPrecision(4))}%`;
  const parts = evaluation.treatments.map((t) => {
    const figures = `${t.variant} ${format(rule, t.value)} of ${t.sample} ${unit}, limit ${format(rule, t.limit)}`;
    if (t.outcome === 'insufficientSample') {
      return `${figures}: waiting for ${rule.minimumSample} ${unit} per variant`;
    }
    const z = (t.z as number).toFixed(2);
    return t.outcome === 'breached'
      ? `${figures}: above it (z ${z} > ${evaluation.critical.toFixed(2)} at ${confidence} confidence)`
      : `${figures}: within it (z ${z} <= ${evaluation.critical.toFixed(2)})`;
  });
  return `${metric}: ${parts.join('; ')}${control}`;
}

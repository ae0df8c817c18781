import type { GuardrailEvaluation, GuardrailReplay } from '@tripswitch/sdk/protocol';
import type { VariantTotals } from '../metrics/read.ts';
import { evaluateGuardrail, type GuardrailRule } from './evaluate.ts';

// Replay: a guardrail judged over stored history as the trip switch would have judged it live, a
// look at every bucket end (thinned to at most MAX_LOOKS: any subset of looks keeps the promise),
// its sequence starting at `from` as if armed then. Pure over the buckets read once.

const MAX_LOOKS = 720;

export interface ReplayInput {
  rule: GuardrailRule;
  control: string;
  buckets: ReadonlyMap<string, ReadonlyMap<number, VariantTotals>>;
  from: number;
  to: number;
  bucketMs: number;
  windowSeconds: number | null;
  alpha: number;
}

/** The buckets that start in [from, before). */
function slice(
  buckets: ReplayInput['buckets'],
  from: number,
  before: number,
): Map<string, Map<number, VariantTotals>> {
  const sliced = new Map<string, Map<number, VariantTotals>>();
  for (const [variant, slots] of buckets) {
    const kept = new Map([...slots].filter(([start]) => start >= from && start < before));
    if (kept.size > 0) sliced.set(variant, kept);
  }
  return sliced;
}

export function replay(input: ReplayInput): GuardrailReplay {
  const { bucketMs } = input;
  const ends: number[] = [];
  for (let end = input.from + bucketMs; end <= input.to; end += bucketMs) ends.push(end);
  if (ends.length === 0) ends.push(input.to);
  const every = Math.ceil(ends.length / MAX_LOOKS);
  const looks = ends.filter((_, i) => (i + 1) % every === 0 || i === ends.length - 1);
  const windowMs = input.windowSeconds === null ? null : input.windowSeconds * 1000;
  let evaluation: GuardrailEvaluation | null = null;
  for (const at of looks) {
    const start =
      windowMs === null
        ? input.from
        : input.from + Math.floor((at - 1 - input.from) / windowMs) * windowMs;
    evaluation = evaluateGuardrail(input.rule, {
      control: input.control,
      buckets: slice(input.buckets, start, at),
      settledBefore: at,
      from: new Date(start),
      to: new Date(at),
      evaluatedAt: new Date(at),
      alpha: input.alpha,
      split: null,
      splitSince: start,
    });
    if (evaluation.outcome === 'breached') {
      return {
        from: new Date(input.from).toISOString(),
        to: new Date(input.to).toISOString(),
        looks: looks.indexOf(at) + 1,
        trippedAt: new Date(at).toISOString(),
        evaluation,
      };
    }
  }
  return {
    from: new Date(input.from).toISOString(),
    to: new Date(input.to).toISOString(),
    looks: looks.length,
    trippedAt: null,
    evaluation: evaluation as GuardrailEvaluation,
  };
}

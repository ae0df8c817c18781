import type { Guardrail, VariantFigures } from '@tripswitch/sdk/protocol';
import { describeGuardrail } from '../guardrails/describe.ts';

/**
 * Why a rollout whose hold is over has not taken its next step yet, one sentence per guardrail
 * that holds it back: a rollout advances only while every guardrail is healthy and its samples
 * suffice. Empty when nothing does (the next evaluation takes the step).
 */
export function rolloutBlockers(guardrails: readonly Guardrail[]): string[] {
  const reasons: string[] = [];
  for (const guardrail of guardrails) {
    const name = `“${describeGuardrail(guardrail)}”`;
    if (guardrail.state === 'tripped') {
      reasons.push(`Blocked: ${name} tripped; re-arm it to go on.`);
      continue;
    }
    const { status } = guardrail;
    if (status.outcome === 'breached') reasons.push(`Blocked: ${name} is breached.`);
    if (status.outcome === 'held' && status.hold) {
      reasons.push(`Held: ${name} cannot judge: ${status.hold.message}`);
    }
    if (status.outcome !== 'insufficientSample') continue;
    const unit = guardrail.metric === 'eventRate' ? 'evaluations' : 'outcomes';
    const short = [status.control, ...status.treatments]
      .filter(
        (figures): figures is VariantFigures =>
          figures !== null && figures.sample < guardrail.minimumSample,
      )
      .map((figures) => `${figures.variant} has ${figures.sample}`);
    reasons.push(
      `Waiting for samples: ${name} needs ${guardrail.minimumSample} ${unit} per variant` +
        (short.length > 0 ? ` (${short.join(', ')}).` : '.'),
    );
  }
  return reasons;
}

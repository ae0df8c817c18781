import type {
  FieldError,
  GuardrailMetric,
  GuardrailThreshold,
  Variant,
} from '@tripswitch/sdk/protocol';
import { budgetOf, SMALLEST_ALPHA } from './budget.ts';

/** The fields of a guardrail that must agree with each other and with the flag. */
export interface GuardrailShape {
  metric: GuardrailMetric;
  event: string | null;
  threshold: GuardrailThreshold;
  controlVariant: string | null;
}

/** What a schema cannot check: the event goes with eventRate only, rates stay in [0, 1], the control exists. */
export function guardrailErrors(shape: GuardrailShape, variants: readonly Variant[]): FieldError[] {
  const errors: FieldError[] = [];
  if (shape.metric === 'eventRate' && shape.event === null) {
    errors.push({ field: '/body/event', message: 'is required for the eventRate metric' });
  }
  if (shape.metric !== 'eventRate' && shape.event !== null) {
    errors.push({ field: '/body/event', message: `is only for eventRate, not ${shape.metric}` });
  }
  const isRate = shape.metric === 'errorRate' || shape.metric === 'eventRate';
  if (isRate && shape.threshold.kind === 'absolute' && shape.threshold.value > 1) {
    errors.push({
      field: '/body/threshold/value',
      message: 'an absolute rate is a fraction between 0 and 1 (0.05 is 5%)',
    });
  }
  if (shape.controlVariant !== null && !variants.some((v) => v.key === shape.controlVariant)) {
    errors.push({
      field: '/body/controlVariant',
      message: `no variant "${shape.controlVariant}" in this flag`,
    });
  }
  return errors;
}

/**
 * The flag environment's budget, split over these armed guardrails and its treatments, must leave
 * each test a share it can use: below SMALLEST_ALPHA a trip would need absurd evidence.
 */
export function budgetErrors(
  armed: ReadonlyArray<{ confidence: number }>,
  variants: number,
): FieldError[] {
  const budget = budgetOf(armed, variants);
  if (budget.alpha >= SMALLEST_ALPHA) return [];
  return [
    {
      field: '/body/confidence',
      message: `leaves each of the ${budget.tests} tests here (armed guardrails x treatment variants) a false-trip budget of ${budget.alpha.toPrecision(2)}, below ${SMALLEST_ALPHA}: lower the strictest confidence or arm fewer guardrails`,
    },
  ];
}

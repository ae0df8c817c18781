import type {
  Guardrail,
  GuardrailAction,
  GuardrailEvaluation,
  GuardrailMetric,
} from '@tripswitch/sdk/protocol';
import type { Guardrail as GuardrailRow } from '../../store/prisma.ts';
import type { GuardrailRule } from './evaluate.ts';

/** The parts of a stored guardrail its verdict depends on. */
export function ruleOf(row: GuardrailRow): GuardrailRule {
  return {
    metric: row.metric as GuardrailMetric,
    event: row.event,
    threshold: { kind: row.thresholdKind as 'absolute' | 'relative', value: row.thresholdValue },
    minimumSample: row.minimumSample,
  };
}

/** A stored guardrail as the API shows it, with its verdict now. */
export function toGuardrail(row: GuardrailRow, status: GuardrailEvaluation): Guardrail {
  const rule = ruleOf(row);
  return {
    id: row.id,
    flagKey: row.flagKey,
    environment: row.environmentKey,
    metric: rule.metric,
    event: row.event,
    threshold: rule.threshold,
    minimumSample: row.minimumSample,
    windowSeconds: row.windowSeconds,
    confidence: row.confidence,
    action: row.action as GuardrailAction,
    controlVariant: row.controlVariant,
    state: row.state as Guardrail['state'],
    armedAt: row.armedAt.toISOString(),
    trip:
      row.trippedAt && row.tripEvaluation
        ? {
            at: row.trippedAt.toISOString(),
            action: row.action as GuardrailAction,
            evaluation: row.tripEvaluation as GuardrailEvaluation,
            version: row.tripVersion,
          }
        : null,
    shadow: row.shadow,
    shadowTrip:
      row.shadow && row.shadowTrippedAt && row.shadowEvaluation
        ? {
            at: row.shadowTrippedAt.toISOString(),
            evaluation: row.shadowEvaluation as GuardrailEvaluation,
          }
        : null,
    status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

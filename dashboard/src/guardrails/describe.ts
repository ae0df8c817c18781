import type { Guardrail, GuardrailMetric, GuardrailThreshold } from '@tripswitch/sdk/protocol';

// Guardrails in words and figures, the same everywhere the dashboard shows them.

/** What a guardrail shows as its state: a trip outranks whatever the window measures now. */
export type GuardrailState = 'tripped' | Guardrail['status']['outcome'];

export const stateLabels: Record<GuardrailState, string> = {
  tripped: 'Tripped',
  breached: 'Breached',
  held: 'Held',
  insufficientSample: 'Insufficient sample',
  healthy: 'Healthy',
  idle: 'Idle',
};

export function guardrailState(guardrail: Guardrail): GuardrailState {
  return guardrail.state === 'tripped' ? 'tripped' : guardrail.status.outcome;
}

/** Rates are fractions on the wire and percentages for people; latencies are milliseconds. */
export function isRate(metric: GuardrailMetric): boolean {
  return metric === 'errorRate' || metric === 'eventRate';
}

export function metricLabel(metric: GuardrailMetric, event?: string | null): string {
  switch (metric) {
    case 'errorRate':
      return 'Error rate';
    case 'latencyP95':
      return 'p95 latency';
    case 'latencyP99':
      return 'p99 latency';
    case 'eventRate':
      return `Rate of “${event ?? 'event'}”`;
  }
}

/** A percentage with at most two decimals: 0.0525 is "5.25%". */
export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(2))}%`;
}

/** A measured value of `metric` for people; a dash without data. */
export function formatFigure(metric: GuardrailMetric, value: number | null): string {
  if (value === null) return '—';
  if (isRate(metric)) return formatPercent(value);
  return `${Number(value.toFixed(value < 10 ? 1 : 0))} ms`;
}

/** "Error rate at most 5%", "p95 latency at most 50% above control". */
export function describeGuardrail(guardrail: {
  metric: GuardrailMetric;
  event: string | null;
  threshold: GuardrailThreshold;
}): string {
  const { metric, event, threshold } = guardrail;
  const limit =
    threshold.kind === 'relative'
      ? `${formatPercent(threshold.value)} above control`
      : formatFigure(metric, threshold.value);
  return `${metricLabel(metric, event)} at most ${limit}`;
}

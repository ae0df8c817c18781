import type { Guardrail, GuardrailEvaluation } from '@tripswitch/sdk/protocol';

// Small factories for the guardrail unit tests: a healthy evaluation and a guardrail around it.

export function evaluation(overrides: Partial<GuardrailEvaluation> = {}): GuardrailEvaluation {
  return {
    evaluatedAt: '2026-11-26T10:00:00.000Z',
    from: '2026-11-26T09:55:00.000Z',
    to: '2026-11-26T10:00:00.000Z',
    outcome: 'healthy',
    control: { variant: 'off', sample: 900, value: 0.01 },
    treatments: [
      {
        variant: 'on',
        sample: 300,
        value: 0.012,
        limit: 0.05,
        evidence: 0.02,
        bound: null,
        outcome: 'healthy',
      },
    ],
    alpha: 0.01,
    threshold: 100,
    hold: null,
    summary: 'on: 1.2% of 300 outcomes, under its limit of 5%',
    ...overrides,
  };
}

export function guardrail(overrides: Partial<Guardrail> = {}): Guardrail {
  return {
    id: 'g1',
    flagKey: 'new-checkout',
    environment: 'production',
    metric: 'errorRate',
    event: null,
    threshold: { kind: 'absolute', value: 0.05 },
    minimumSample: 200,
    windowSeconds: null,
    confidence: 0.99,
    action: 'kill',
    controlVariant: null,
    state: 'armed',
    armedAt: '2026-11-26T09:00:00.000Z',
    trip: null,
    shadow: false,
    shadowTrip: null,
    status: evaluation(),
    createdAt: '2026-11-26T09:00:00.000Z',
    updatedAt: '2026-11-26T09:00:00.000Z',
    ...overrides,
  };
}

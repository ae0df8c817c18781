import { describe, expect, it } from 'vitest';
import { describeGuardrail, formatFigure, guardrailState } from './describe.ts';
import { evaluation, guardrail } from './fixtures.ts';

describe('describeGuardrail', () => {
  it('says an absolute rate limit as a percentage and a latency limit in milliseconds', () => {
    expect(describeGuardrail(guardrail())).toBe('Error rate at most 5%');
    expect(
      describeGuardrail({
        metric: 'latencyP99',
        event: null,
        threshold: { kind: 'absolute', value: 250 },
      }),
    ).toBe('p99 latency at most 250 ms');
  });

  it('says a relative limit as a percentage above control, naming a custom event', () => {
    expect(
      describeGuardrail({
        metric: 'eventRate',
        event: 'payment-declined',
        threshold: { kind: 'relative', value: 0.5 },
      }),
    ).toBe('Rate of “payment-declined” at most 50% above control');
  });
});

describe('formatFigure', () => {
  it('shows rates as percentages, latencies in ms, and a dash without data', () => {
    expect(formatFigure('errorRate', 0.0525)).toBe('5.25%');
    expect(formatFigure('latencyP95', 123.4)).toBe('123 ms');
    expect(formatFigure('latencyP95', 2.345)).toBe('2.3 ms');
    expect(formatFigure('errorRate', null)).toBe('—');
  });
});

describe('guardrailState', () => {
  it('shows a tripped guardrail as tripped whatever its window measures now', () => {
    expect(guardrailState(guardrail({ state: 'tripped' }))).toBe('tripped');
  });

  it('shows an armed guardrail by what its window measures now', () => {
    const waiting = guardrail({ status: evaluation({ outcome: 'insufficientSample' }) });
    expect(guardrailState(waiting)).toBe('insufficientSample');
    expect(guardrailState(guardrail())).toBe('healthy');
  });
});

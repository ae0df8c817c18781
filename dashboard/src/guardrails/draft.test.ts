import { describe, expect, it } from 'vitest';
import { createBodyOf, guardrailDraftOf, updateBodyOf } from './draft.ts';
import { guardrail } from './fixtures.ts';

describe('createBodyOf', () => {
  it('sends the default draft as a 5% absolute error-rate guardrail that kills', () => {
    expect(createBodyOf(guardrailDraftOf())).toEqual({
      body: {
        metric: 'errorRate',
        threshold: { kind: 'absolute', value: 0.05 },
        minimumSample: 200,
        windowSeconds: null,
        confidence: 0.99,
        action: 'kill',
        shadow: false,
      },
      errors: [],
    });
  });

  it('keeps latency thresholds in milliseconds, and relative ones as a fraction above control', () => {
    const latency = { ...guardrailDraftOf(), metric: 'latencyP95' as const, threshold: '250' };
    expect(createBodyOf(latency).body?.threshold).toEqual({ kind: 'absolute', value: 250 });
    const relative = { ...latency, thresholdKind: 'relative' as const, threshold: '20' };
    expect(createBodyOf(relative).body?.threshold).toEqual({ kind: 'relative', value: 0.2 });
  });

  it('sends the event and the control variant only when they are set', () => {
    const draft = {
      ...guardrailDraftOf(),
      metric: 'eventRate' as const,
      event: ' payment-declined ',
      controlVariant: 'off',
      comment: 'watch declines',
    };
    expect(createBodyOf(draft).body).toMatchObject({
      metric: 'eventRate',
      event: 'payment-declined',
      controlVariant: 'off',
      comment: 'watch declines',
    });
  });

  it('names each field it cannot read, with the pointer the server would use', () => {
    const draft = {
      ...guardrailDraftOf(),
      metric: 'eventRate' as const,
      threshold: '120',
      minimumSample: '1.5',
      window: 'a while',
      confidence: '30',
    };
    expect(createBodyOf(draft).errors.map((error) => error.field)).toEqual([
      '/threshold/value',
      '/minimumSample',
      '/windowSeconds',
      '/confidence',
      '/event',
    ]);
  });
});

describe('guardrailDraftOf and updateBodyOf', () => {
  it('round-trips an existing guardrail, clearing the control variant with null', () => {
    const existing = guardrail({
      threshold: { kind: 'relative', value: 0.25 },
      windowSeconds: 5400,
      confidence: 0.995,
    });
    const draft = guardrailDraftOf(existing);
    expect(draft).toMatchObject({ threshold: '25', window: '1h 30m', confidence: '99.5' });
    expect(updateBodyOf(draft).body).toEqual({
      threshold: { kind: 'relative', value: 0.25 },
      minimumSample: 200,
      windowSeconds: 5400,
      confidence: 0.995,
      action: 'kill',
      shadow: false,
      controlVariant: null,
    });
  });
});

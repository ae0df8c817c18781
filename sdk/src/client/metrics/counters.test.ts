import { describe, expect, it } from 'vitest';
import { latencyBin } from '../../protocol/latency.ts';
import { MAX_COUNTERS, OutcomeCounters } from './counters.ts';

describe('OutcomeCounters', () => {
  it('counts evaluations per flag and variant, whatever the contexts', () => {
    const counters = new OutcomeCounters();
    for (let i = 0; i < 1000; i++) counters.evaluated('checkout', i % 4 === 0 ? 'on' : 'off');
    counters.evaluated('banner', 'blue');
    const batch = counters.take();
    expect(batch.flags).toEqual([
      { flagKey: 'checkout', variant: 'on', evaluations: 250 },
      { flagKey: 'checkout', variant: 'off', evaluations: 750 },
      { flagKey: 'banner', variant: 'blue', evaluations: 1 },
    ]);
    expect(batch.dropped).toBe(0);
  });

  it('counts outcomes, errors, a latency histogram and summed values', () => {
    const counters = new OutcomeCounters();
    counters.outcome('checkout', 'on', { latencyMs: 12, value: 30 });
    counters.outcome('checkout', 'on', { error: new Error('boom'), latencyMs: 250 });
    counters.outcome('checkout', 'on', { error: false, value: 12 });
    const [counts] = counters.take().flags;
    const latency: number[] = new Array(latencyBin(250) + 1).fill(0);
    latency[latencyBin(12)] = 1;
    latency[latencyBin(250)] = 1;
    expect(counts).toEqual({
      flagKey: 'checkout',
      variant: 'on',
      evaluations: 0,
      outcomes: 3,
      errors: 1,
      latency,
      valueSum: 42,
      valueCount: 2,
    });
  });

  it('starts from zero after each take, and attributes events to flags of this and the last period', () => {
    const counters = new OutcomeCounters();
    counters.evaluated('checkout', 'on');
    counters.take();
    counters.evaluated('banner', 'blue');
    expect([...counters.activeFlags()].sort()).toEqual(['banner', 'checkout']);
    expect(counters.take().flags).toEqual([{ flagKey: 'banner', variant: 'blue', evaluations: 1 }]);
    expect([...counters.activeFlags()]).toEqual(['banner']);
    expect(counters.take()).toEqual({ flags: [], events: [], dropped: 0 });
  });

  it('sums custom events per event, flag and variant', () => {
    const counters = new OutcomeCounters();
    counters.event('purchase', 'checkout', 'on', 20);
    counters.event('purchase', 'checkout', 'on', 5);
    counters.event('purchase', 'checkout', 'off', undefined);
    expect(counters.take().events).toEqual([
      { event: 'purchase', flagKey: 'checkout', variant: 'on', count: 2, valueSum: 25 },
      { event: 'purchase', flagKey: 'checkout', variant: 'off', count: 1 },
    ]);
  });

  it('holds at most MAX_COUNTERS counters of each kind and counts what it had to drop', () => {
    const counters = new OutcomeCounters();
    for (let i = 0; i < MAX_COUNTERS + 10; i++) {
      counters.evaluated(`flag-${i}`, 'on');
      counters.event(`event-${i}`, 'flag-0', 'on', undefined);
    }
    counters.evaluated('flag-0', 'on');
    const batch = counters.take();
    expect(batch.flags).toHaveLength(MAX_COUNTERS);
    expect(batch.events).toHaveLength(MAX_COUNTERS);
    expect(batch.dropped).toBe(20);
    expect(batch.flags[0]).toEqual({ flagKey: 'flag-0', variant: 'on', evaluations: 2 });
  });
});

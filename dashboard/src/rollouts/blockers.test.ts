import { describe, expect, it } from 'vitest';
import { evaluation, guardrail } from '../guardrails/fixtures.ts';
import { rolloutBlockers } from './blockers.ts';

describe('rolloutBlockers', () => {
  it('finds nothing holding a rollout back while every guardrail is healthy', () => {
    expect(rolloutBlockers([guardrail(), guardrail({ id: 'g2', metric: 'latencyP95' })])).toEqual(
      [],
    );
  });

  it('names the variants short of the minimum sample', () => {
    const waiting = guardrail({
      status: evaluation({
        outcome: 'insufficientSample',
        control: { variant: 'off', sample: 900, value: 0.01 },
        treatments: [
          {
            variant: 'on',
            sample: 120,
            value: 0.01,
            limit: 0.05,
            evidence: null,
            bound: null,
            outcome: 'insufficientSample',
          },
        ],
      }),
    });
    expect(rolloutBlockers([waiting])).toEqual([
      'Waiting for samples: “Error rate at most 5%” needs 200 outcomes per variant (on has 120).',
    ]);
  });

  it('says a tripped guardrail blocks until it is re-armed, and a breached one blocks too', () => {
    const tripped = guardrail({ state: 'tripped' });
    const breached = guardrail({
      id: 'g2',
      metric: 'latencyP99',
      threshold: { kind: 'absolute', value: 300 },
      status: evaluation({ outcome: 'breached' }),
    });
    expect(rolloutBlockers([tripped, breached])).toEqual([
      'Blocked: “Error rate at most 5%” tripped; re-arm it to go on.',
      'Blocked: “p99 latency at most 300 ms” is breached.',
    ]);
  });
});

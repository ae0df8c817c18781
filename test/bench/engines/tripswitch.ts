import {
  type CompiledSnapshot,
  compileSnapshot,
  type EvaluationContext,
  evaluate,
} from '@tripswitch/sdk';
import type { Engine } from '../measure.ts';
import { RULE, type Subject } from '../scenario.ts';

/** The scenario flag in a snapshot, as the server would serve it. */
export const SCENARIO_SNAPSHOT = {
  schemaVersion: 1,
  environment: 'bench',
  revision: 1,
  flags: {
    bench: {
      key: 'bench',
      kind: 'boolean',
      salt: 'bench-salt',
      version: 1,
      variants: [
        { key: 'on', value: true },
        { key: 'off', value: false },
      ],
      on: true,
      offVariation: 'off',
      targets: [],
      rules: [
        {
          id: 'nordic-paid',
          conditions: [
            { attribute: 'country', operator: 'in', values: [...RULE.countries] },
            { attribute: 'plan', operator: 'in', values: [...RULE.plans] },
          ],
          serve: {
            rollout: {
              variations: [
                { variant: 'on', weight: 50000 },
                { variant: 'off', weight: 50000 },
              ],
            },
          },
        },
      ],
      defaultServe: { variant: 'off' },
    },
  },
  segments: {},
};

/** Tripswitch's evaluation core on a compiled snapshot holding the scenario flag. */
export function tripswitch(): Engine<EvaluationContext> {
  const result = compileSnapshot(SCENARIO_SNAPSHOT);
  if (!result.ok) throw new Error(result.reason);
  const snapshot: CompiledSnapshot = result.snapshot;
  return {
    name: 'tripswitch',
    context: ({ key, country, plan }: Subject) => ({ key, country, plan }),
    serve(contexts, served) {
      for (let i = 0; i < contexts.length; i++) {
        served[i] = evaluate(snapshot, 'bench', contexts[i] as EvaluationContext, false).value
          ? 1
          : 0;
      }
    },
    close() {},
  };
}

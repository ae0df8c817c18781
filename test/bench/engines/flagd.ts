import { FlagdCore } from '@openfeature/flagd-core';
import type { Engine } from '../measure.ts';
import { RULE, type Subject } from '../scenario.ts';

type FlagdContext = { targetingKey: string; country: string; plan: string };

/** @openfeature/flagd-core: JsonLogic targeting with `fractional`, configured in memory. */
export function flagd(): Engine<FlagdContext> {
  const core = new FlagdCore();
  core.setConfigurations(
    JSON.stringify({
      flags: {
        bench: {
          state: 'ENABLED',
          variants: { on: true, off: false },
          defaultVariant: 'off',
          targeting: {
            if: [
              {
                and: [
                  { in: [{ var: 'country' }, RULE.countries] },
                  { in: [{ var: 'plan' }, RULE.plans] },
                ],
              },
              {
                fractional: [
                  ['on', 50],
                  ['off', 50],
                ],
              },
              'off',
            ],
          },
        },
      },
    }),
  );
  return {
    name: '@openfeature/flagd-core',
    context: ({ key, country, plan }: Subject) => ({ targetingKey: key, country, plan }),
    serve(contexts, served) {
      for (let i = 0; i < contexts.length; i++) {
        served[i] = core.resolveBooleanEvaluation('bench', false, contexts[i]).value ? 1 : 0;
      }
    },
    close() {},
  };
}

import { GrowthBookClient, type UserContext } from '@growthbook/growthbook';
import type { Engine } from '../measure.ts';
import { RULE, type Subject } from '../scenario.ts';

/** @growthbook/growthbook: a rule with a condition, forced on, 50% coverage hashed by id. */
export function growthbook(): Engine<UserContext> {
  const client = new GrowthBookClient().initSync({
    payload: {
      features: {
        bench: {
          defaultValue: false,
          rules: [
            {
              condition: { country: { $in: [...RULE.countries] }, plan: { $in: [...RULE.plans] } },
              force: true,
              coverage: 0.5,
              hashAttribute: 'id',
            },
          ],
        },
      },
    },
  });
  return {
    name: '@growthbook/growthbook',
    context: ({ key, country, plan }: Subject) => ({ attributes: { id: key, country, plan } }),
    serve(contexts, served) {
      for (let i = 0; i < contexts.length; i++) {
        served[i] = client.isOn('bench', contexts[i] as UserContext) ? 1 : 0;
      }
    },
    close() {
      client.destroy();
    },
  };
}

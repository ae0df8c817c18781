import { type Context, InMemStorageProvider, Unleash } from 'unleash-client';
// The constraint operator is a string enum the package does not export from its entry point.
import type { Operator } from 'unleash-client/lib/strategy/strategy';
import type { Engine } from '../measure.ts';
import { RULE, type Subject } from '../scenario.ts';

/** unleash-client: flexibleRollout at 50% by userId with two IN constraints, bootstrapped offline. */
export async function unleash(): Promise<Engine<Context>> {
  const client = new Unleash({
    // Required by the client, never contacted: no polling, no metrics, bootstrap data only.
    url: 'http://127.0.0.1:9/api',
    appName: 'tripswitch-bench',
    refreshInterval: 0,
    disableMetrics: true,
    storageProvider: new InMemStorageProvider(),
    bootstrap: {
      data: [
        {
          name: 'bench',
          enabled: true,
          type: 'release',
          project: 'default',
          stale: false,
          impressionData: false,
          variants: [],
          strategies: [
            {
              name: 'flexibleRollout',
              parameters: { rollout: '50', stickiness: 'userId', groupId: 'bench' },
              constraints: [
                {
                  contextName: 'country',
                  operator: 'IN' as Operator,
                  inverted: false,
                  caseInsensitive: false,
                  values: [...RULE.countries],
                },
                {
                  contextName: 'plan',
                  operator: 'IN' as Operator,
                  inverted: false,
                  caseInsensitive: false,
                  values: [...RULE.plans],
                },
              ],
            },
          ],
        },
      ],
    },
  });
  client.on('error', () => {});
  await new Promise<void>((resolve) => client.once('ready', () => resolve()));
  return {
    name: 'unleash-client',
    context: ({ key, country, plan }: Subject) => ({ userId: key, properties: { country, plan } }),
    serve(contexts, served) {
      for (let i = 0; i < contexts.length; i++) {
        served[i] = client.isEnabled('bench', contexts[i]) ? 1 : 0;
      }
    },
    close() {
      client.destroy();
    },
  };
}

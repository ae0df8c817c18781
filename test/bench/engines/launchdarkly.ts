import { basicLogger, init, type LDContext } from '@launchdarkly/node-server-sdk';
import { TestData } from '@launchdarkly/node-server-sdk/integrations';
import type { Engine } from '../measure.ts';
import { RULE, type Subject } from '../scenario.ts';

/**
 * @launchdarkly/node-server-sdk with TestData and a preconfigured flag (its builder cannot express
 * percentage rollouts). Not `offline: true`, which makes every variation return the default.
 */
export async function launchdarkly(): Promise<Engine<LDContext>> {
  const testData = new TestData();
  // biome-ignore lint/correctness/useHookAtTopLevel: a TestData method, not a React hook (the test package has React since the browser-client tests).
  testData.usePreconfiguredFlag({
    key: 'bench',
    version: 1,
    on: true,
    salt: 'bench-salt',
    variations: [true, false],
    offVariation: 1,
    fallthrough: { variation: 1 },
    targets: [],
    prerequisites: [],
    rules: [
      {
        id: 'nordic-paid',
        clauses: [
          {
            contextKind: 'user',
            attribute: 'country',
            op: 'in',
            values: [...RULE.countries],
            negate: false,
          },
          {
            contextKind: 'user',
            attribute: 'plan',
            op: 'in',
            values: [...RULE.plans],
            negate: false,
          },
        ],
        rollout: {
          variations: [
            { variation: 0, weight: 50000 },
            { variation: 1, weight: 50000 },
          ],
        },
        trackEvents: false,
      },
    ],
    trackEvents: false,
    trackEventsFallthrough: false,
  });
  const client = init('sdk-bench-key', {
    updateProcessor: testData.getFactory(),
    sendEvents: false,
    diagnosticOptOut: true,
    logger: basicLogger({ level: 'none' }),
  });
  await client.waitForInitialization({ timeout: 10 });
  return {
    name: '@launchdarkly/node-server-sdk',
    context: ({ key, country, plan }: Subject) => ({ kind: 'user', key, country, plan }),
    async serve(contexts, served) {
      // variation() is asynchronous: awaiting it is part of the cost of asking.
      for (let i = 0; i < contexts.length; i++) {
        served[i] = (await client.variation('bench', contexts[i] as LDContext, false)) ? 1 : 0;
      }
    },
    close() {
      client.close();
    },
  };
}

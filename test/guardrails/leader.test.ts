import { afterEach, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../propagation/support/cluster.ts';
import type { Instance } from '../propagation/support/instance.ts';
import { outcomes } from './support.ts';

// Two real server processes on one database: exactly one is elected to run guardrails and
// rollouts; when it dies, the other takes over and trips what needs tripping.

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

async function leads(instance: Instance): Promise<boolean | undefined> {
  try {
    const text = await (await fetch(`${instance.url}/metrics`)).text();
    const match = /^tripswitch_guardrail_leader (\d)$/m.exec(text);
    return match ? match[1] === '1' : undefined;
  } catch {
    return undefined;
  }
}

describe('leader election', () => {
  // Two processes start one after the other under tsx: slow on a busy machine.
  it('elects one instance, and another takes over when it dies', { timeout: 60_000 }, async () => {
    cluster = await startCluster({
      instances: 2,
      env: {
        TRIPSWITCH_GUARDRAIL_INTERVAL_MS: '100',
        TRIPSWITCH_INGEST_FLUSH_MS: '50',
        TRIPSWITCH_METRICS_BUCKET_MS: '1000',
      },
    });
    const [first, second] = cluster.instances as [Instance, Instance];
    await expect
      .poll(async () => [await leads(first), await leads(second)].filter(Boolean).length, {
        timeout: 10_000,
      })
      .toBe(1);
    const leaderIndex = (await leads(first)) ? 0 : 1;
    const leader = cluster.instances[leaderIndex] as Instance;
    const survivorIndex = 1 - leaderIndex;
    const survivor = cluster.instances[survivorIndex] as Instance;
    const sdkKey = await cluster.token('server');
    const flagKey = await cluster.flag(`leader-${leaderIndex}`, survivorIndex);
    const admin = cluster.admin(survivorIndex);
    const params = { flagKey, environment: 'production' };
    await admin.call('createGuardrail', {
      params,
      body: {
        metric: 'errorRate',
        threshold: { kind: 'absolute', value: 0.1 },
        minimumSample: 100,
      },
    });

    // A crash: no drain, no unlock; Postgres frees the lock when the connection drops.
    await leader.kill();
    await expect.poll(() => leads(survivor), { timeout: 15_000 }).toBe(true);

    const response = await fetch(`${survivor.url}/sdk/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sdkKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        schemaVersion: 1,
        periodMs: 1000,
        ageMs: 0,
        flags: [outcomes(flagKey, 'on', 200, 100)],
      }),
    });
    expect(response.status).toBe(204);
    await expect
      .poll(async () => (await admin.call('getFlagEnvironment', { params })).updatedBy, {
        timeout: 10_000,
      })
      .toBe('guardrail');
    expect((await admin.call('getFlagEnvironment', { params })).config.on).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Cluster, startCluster } from './support/cluster.ts';
import { sdkFleet } from './support/fleet.ts';
import { type PrivateRedis, startPrivateRedis } from './support/redis.ts';

// Redis pub/sub is at most once. Each loss here is real: a Redis killed and restarted while
// changes are written, and a change whose publish is suppressed (TRIPSWITCH_TEST_SUPPRESS_PUBLISH,
// a test-only hook: committed, never announced, not even to the writing instance itself).

const LOST = 'lost-in-transit';
const RESYNC_MS = 500;

let redis: PrivateRedis;
let cluster: Cluster;
beforeAll(async () => {
  redis = await startPrivateRedis();
  cluster = await startCluster({
    instances: 2,
    redisUrl: redis.url,
    env: (index) => ({
      TRIPSWITCH_RESYNC_INTERVAL_MS: String(RESYNC_MS),
      ...(index === 0 && { TRIPSWITCH_TEST_SUPPRESS_PUBLISH: LOST }),
    }),
  });
});
afterAll(async () => {
  await cluster?.close();
  await redis?.stop();
});

const production = (flagKey: string) => ({ params: { flagKey, environment: 'production' } });

async function convergedFleet() {
  const fleet = await sdkFleet(
    cluster.instances.map((instance) => instance.url),
    await cluster.token('server'),
    2,
  );
  return {
    ...fleet,
    /** Waits until every SDK serves Postgres' revision. */
    async converge() {
      const revision = await cluster.revision();
      await vi.waitFor(
        () => {
          for (const { client } of fleet.clients) expect(client.revision).toBe(revision);
        },
        { timeout: 15_000, interval: 50 },
      );
      return revision;
    },
  };
}

describe('lost bus messages', () => {
  it('a change never published still reaches every SDK, through anti-entropy', async () => {
    await cluster.flag(LOST, 1);
    const fleet = await convergedFleet();
    try {
      await fleet.converge();
      // Through instance A, whose publishes of this flag are suppressed.
      await cluster.admin(0).call('killFlag', production(LOST));
      const revision = await fleet.converge();
      for (const { client, changes } of fleet.clients) {
        expect(client.isEnabled(LOST, { key: 'u1' })).toBe(false);
        expect(changes.at(-1)).toEqual({ flags: [LOST], revision });
      }
    } finally {
      await fleet.close();
    }
  });

  it('a lost change followed by a published one: the gap is repaired at once, both arrive', async () => {
    await cluster.admin(1).call('enableFlag', production(LOST));
    const other = await cluster.flag('published-after-loss', 1);
    const fleet = await convergedFleet();
    try {
      await fleet.converge();
      await cluster.admin(0).call('killFlag', production(LOST));
      await cluster.admin(0).call('killFlag', production(other));
      await fleet.converge();
      for (const { client } of fleet.clients) {
        expect(client.isEnabled(LOST, { key: 'u1' })).toBe(false);
        expect(client.isEnabled(other, { key: 'u1' })).toBe(false);
      }
    } finally {
      await fleet.close();
    }
  });

  it('Redis killed mid-stream and restarted: writes go on, and every SDK converges', async () => {
    const keys = await Promise.all(
      ['redis-a', 'redis-b', 'redis-c'].map((key) => cluster.flag(key, 1)),
    );
    const fleet = await convergedFleet();
    try {
      await fleet.converge();
      await cluster.admin(1).call('killFlag', production(keys[0] as string));
      await redis.stop();
      // Written while Redis is gone: the writes succeed; their messages are lost.
      await cluster.admin(0).call('killFlag', production(keys[1] as string));
      await cluster.admin(1).call('killFlag', production(keys[2] as string));
      await redis.start();
      await cluster.admin(1).call('enableFlag', production(keys[0] as string));
      await fleet.converge();
      for (const { client } of fleet.clients) {
        expect(keys.map((key) => client.isEnabled(key, { key: 'u1' }))).toEqual([
          true,
          false,
          false,
        ]);
      }
    } finally {
      await fleet.close();
    }
  });
});

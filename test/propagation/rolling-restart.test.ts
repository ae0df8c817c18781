import { TripswitchApiError } from '@tripswitch/sdk/admin';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { balancedLoad } from './support/balancer.ts';
import { type Cluster, startCluster } from './support/cluster.ts';
import { sdkFleet } from './support/fleet.ts';

// A rolling restart under a steady stream of changes: SIGTERM instance A while SDKs stream from
// it, start it again, then the same for B. Nothing may be lost, and evaluation never stalls.

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const FLAGS = ['rolling-a', 'rolling-b', 'rolling-c', 'rolling-d'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({
    instances: 2,
    redisUrl: REDIS_URL,
    // The grace outlasts the balancer's 100 ms readiness poll with room for a loaded machine.
    env: { TRIPSWITCH_RESYNC_INTERVAL_MS: '1000', TRIPSWITCH_DRAIN_GRACE_MS: '1000' },
  });
});
afterAll(() => cluster?.close());

interface Write {
  flag: string;
  version: number;
}

/** Toggles flags one after another through whichever instance answers, recording each write. */
function steadyWriter() {
  const writes: Write[] = [];
  let running = true;
  const loop = (async () => {
    let turn = 0;
    while (running) {
      const flag = FLAGS[turn % FLAGS.length] as string;
      const endpoint = Math.floor(turn / FLAGS.length) % 2 === 0 ? 'killFlag' : 'enableFlag';
      turn++;
      for (const via of [turn % 2, (turn + 1) % 2]) {
        try {
          const result = await cluster
            .admin(via)
            .call(endpoint, { params: { flagKey: flag, environment: 'production' } });
          writes.push({ flag, version: result.version });
          break;
        } catch (error) {
          // Down or draining (connection refused, 503): the other instance takes the write.
          if (error instanceof TripswitchApiError && error.status !== 503) throw error;
        }
      }
      await sleep(25);
    }
  })();
  return {
    writes,
    async stop() {
      running = false;
      await loop;
    },
  };
}

describe('a rolling restart under a steady stream of changes', () => {
  it('ends every SDK on the final revision, every change seen or superseded, evaluation never stalled, no request behind a balancer failed', async () => {
    for (const flag of FLAGS) await cluster.flag(flag);
    const [a, b] = cluster.instances as [
      NonNullable<Cluster['instances'][0]>,
      NonNullable<Cluster['instances'][1]>,
    ];
    const fleet = await sdkFleet([a.url, b.url], await cluster.token('server'), 4);

    // What each SDK has served of each flag: the versions it moved through.
    const seen = fleet.clients.map(() => new Map<string, Set<number>>());
    fleet.clients.forEach(({ client }, index) => {
      client.on('change', ({ flags }) => {
        for (const flag of flags) {
          const version = client.variationDetail(flag, { key: 'u1' }, false).flagVersion;
          if (version === undefined) continue;
          const versions = seen[index]?.get(flag) ?? new Set<number>();
          versions.add(version);
          seen[index]?.set(flag, versions);
        }
      });
    });
    let longestEvaluationMs = 0;
    let threw = 0;
    let evaluations = 0;
    const evaluating = setInterval(() => {
      for (const { client } of fleet.clients) {
        for (const flag of FLAGS) {
          const started = performance.now();
          try {
            client.isEnabled(flag, { key: 'u1' });
          } catch {
            threw++;
          }
          evaluations++;
          longestEvaluationMs = Math.max(longestEvaluationMs, performance.now() - started);
        }
      }
    }, 5);

    const writer = steadyWriter();
    // Snapshot requests on new connections through a balancer that follows readiness.
    const load = balancedLoad(
      () => cluster.instances.map((instance) => instance.url),
      '/sdk/v1/snapshot',
      await cluster.token('server'),
    );
    try {
      await sleep(500);
      expect(await a.stop()).toBe(0);
      const a2 = await a.restart();
      cluster.instances[0] = a2;
      await sleep(500);
      expect(await b.stop()).toBe(0);
      cluster.instances[1] = await b.restart();
      await sleep(500);
      await writer.stop();
      await load.stop();

      const revision = await cluster.revision();
      await vi.waitFor(
        () => {
          for (const { client } of fleet.clients) expect(client.revision).toBe(revision);
        },
        { timeout: 20_000, interval: 50 },
      );
    } finally {
      clearInterval(evaluating);
      await writer.stop();
      await load.stop();
      await fleet.close();
    }

    console.info(`through the balancer: ${load.sent} requests, ${load.failures.length} failed`);
    expect(load.sent).toBeGreaterThan(200);
    expect(load.failures).toEqual([]);

    expect(writer.writes.length).toBeGreaterThan(20);
    const finalVersions = new Map(writer.writes.map((write) => [write.flag, write.version]));
    fleet.clients.forEach(({ client }, index) => {
      for (const [flag, version] of finalVersions) {
        expect(client.variationDetail(flag, { key: 'u1' }, false).flagVersion).toBe(version);
      }
      for (const write of writer.writes) {
        const versions = [...(seen[index]?.get(write.flag) ?? [])];
        // Seen, or superseded by a later version of the same flag.
        expect(versions.some((version) => version >= write.version)).toBe(true);
      }
    });
    expect(threw).toBe(0);
    expect(evaluations).toBeGreaterThan(1000);
    // Evaluation is local and synchronous; this bound only catches a call that waits on
    // something, and is generous for a loaded machine.
    console.info(
      `longest evaluation during the rolling restart: ${longestEvaluationMs.toFixed(3)} ms over ${evaluations} calls`,
    );
    expect(longestEvaluationMs).toBeLessThan(250);
  }, 120_000);
});

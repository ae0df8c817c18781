// `pnpm bench:propagation`: how fast a change reaches N subscribers split over two instances
// through Redis, against a bare fan-out server measured by the same probe in the same run; the kill
// switch end to end through real SDK clients; memory per idle stream; the 304 snapshot path; the
// evaluate path beside OFREP's bulk evaluation (200 and 304).
import { randomBytes } from 'node:crypto';
import { createAdminClient } from '@tripswitch/sdk/admin';
import { migrate, readMigrations } from '@tripswitch/server/migrations';
import { startInstance } from '../../propagation/support/instance.ts';
import { databaseUrl, withAdminConnection } from '../../support/postgres.ts';
import { evaluateLoad } from './evaluate-load.ts';
import { startFloor } from './floors.ts';
import { measureKillSwitch } from './kill-switch.ts';
import { floorMemoryPerStream, memoryPerStream } from './memory.ts';
import { openSubscribers } from './probe.ts';
import { report, type SizeResult } from './report.ts';
import { metric } from './server-metrics.ts';
import { snapshotLoad } from './snapshot-load.ts';

const SIZES = (process.env.BENCH_SUBSCRIBERS ?? '1000,10000').split(',').map(Number);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 20);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** End-to-end latencies (ms) of `CHANGES` changes: from the write's response to each arrival. */
async function fanOut(
  subscribers: Awaited<ReturnType<typeof openSubscribers>>,
  write: () => Promise<void>,
  afterEach: (k: number) => Promise<void> = async () => {},
): Promise<number[]> {
  const latencies: number[] = [];
  for (let k = 0; k < CHANGES; k++) {
    await write();
    const answeredAt = performance.now();
    await subscribers.received(k, 30_000);
    // An instance applies its own write before answering, so some arrive first: those count 0.
    for (const at of subscribers.arrivals[k] ?? []) latencies.push(Math.max(0, at - answeredAt));
    await afterEach(k);
    await sleep(200);
  }
  return latencies;
}

async function main() {
  const name = `tripswitch_bench_${randomBytes(4).toString('hex')}`;
  await withAdminConnection((admin) => admin.query(`CREATE DATABASE "${name}"`));
  await migrate(databaseUrl(name), await readMigrations());
  const adminToken = `tsa_${randomBytes(32).toString('base64url')}`;
  const options = {
    databaseUrl: databaseUrl(name),
    adminToken,
    redisUrl: REDIS_URL,
    redisPrefix: `tripswitch-bench-${randomBytes(4).toString('hex')}`,
    quiet: true,
    env: { TRIPSWITCH_STREAMS_PER_TOKEN: '1000000' },
  };
  const a = await startInstance(options);
  const b = await startInstance(options);
  const bare = await startFloor('bare-server.ts');
  const bareFastify = await startFloor('bare-fastify.ts');
  try {
    const admin = createAdminClient({ url: a.url, token: adminToken });
    const flagKey = 'bench-kill';
    await admin.call('createFlag', { body: { key: flagKey } });
    const created = await admin.call('createToken', {
      body: { name: 'bench', kind: 'server', environment: 'production' },
    });
    const token = created.secret;
    let on = false;
    const toggle = async () => {
      on = !on;
      const params = { flagKey, environment: 'production' };
      await admin.call(on ? 'enableFlag' : 'killFlag', { params });
    };

    const results: SizeResult[] = [];
    for (const size of SIZES) {
      console.error(`${size} subscribers: bare fan-out server`);
      const floorSubscribers = await openSubscribers(bare.url, '/stream', 'none', size);
      const floor = await fanOut(floorSubscribers, async () => {
        await fetch(`${bare.url}/fire`, { method: 'POST' });
      });
      floorSubscribers.close();
      await sleep(500);

      console.error(`${size} subscribers: Tripswitch, two instances through Redis`);
      const half = size / 2;
      const onA = await openSubscribers(a.url, '/sdk/v1/stream', token, half);
      const onB = await openSubscribers(b.url, '/sdk/v1/stream', token, size - half);
      await sleep(1_000);
      const fanoutMs: number[] = [];
      const both = {
        arrivals: [] as number[][],
        received: async (k: number, timeoutMs: number) => {
          await Promise.all([onA.received(k, timeoutMs), onB.received(k, timeoutMs)]);
          both.arrivals[k] = [...(onA.arrivals[k] ?? []), ...(onB.arrivals[k] ?? [])];
        },
        close() {},
      };
      const fanoutTotals = async () =>
        Promise.all(
          [a, b].map(async (instance) => ({
            sum: await metric(instance.url, 'tripswitch_fanout_seconds_sum'),
            count: await metric(instance.url, 'tripswitch_fanout_seconds_count'),
          })),
        );
      let totals = await fanoutTotals();
      const tripswitch = await fanOut(both, toggle, async () => {
        const next = await fanoutTotals();
        // The slower instance's fan-out time for this change, from its own metric.
        const perInstance = next.map((now, i) => {
          const then = totals[i] as { sum: number; count: number };
          return ((now.sum - then.sum) / Math.max(1, now.count - then.count)) * 1000;
        });
        fanoutMs.push(Math.max(...perInstance));
        totals = next;
      });
      onA.close();
      onB.close();
      await sleep(1_000);
      results.push({ size, floor, tripswitch, fanoutMs });
    }

    console.error('memory per idle stream: 5,000 streams on fresh instances, and the floor');
    const memory = {
      asMeasured: await memoryPerStream(options, token, 5_000),
      collected: await memoryPerStream(options, token, 5_000, true),
      floor: await floorMemoryPerStream(5_000),
    };

    console.error('kill switch end to end: 50 SDK clients over both instances');
    const killSwitch = await measureKillSwitch([a.url, b.url], token, toggle, flagKey);

    console.error('304 snapshot path on one instance, and a bare Fastify route (3 x 2 x 10 s)');
    const snapshot304 = await snapshotLoad(
      `${a.url}/sdk/v1/snapshot`,
      token,
      `${bareFastify.url}/sdk/v1/snapshot`,
    );

    console.error(
      'evaluate paths on one instance: /sdk/v1/evaluate, OFREP bulk 200 and 304; 20 flags, a client token (3 x 3 x 5 s)',
    );
    for (let i = 1; i < 20; i++) await admin.call('createFlag', { body: { key: `bench-${i}` } });
    const clientToken = await admin.call('createToken', {
      body: { name: 'bench-browsers', kind: 'client', environment: 'production' },
    });
    const evaluate = await evaluateLoad(a.url, clientToken.secret, 20);

    const missed = report(results, memory, killSwitch, snapshot304, evaluate);
    process.exitCode = missed ? 1 : 0;
  } finally {
    bare.child.kill('SIGKILL');
    bareFastify.child.kill('SIGKILL');
    await Promise.all([a.kill(), b.kill()]);
    await withAdminConnection((admin) =>
      admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    );
  }
}

await main();

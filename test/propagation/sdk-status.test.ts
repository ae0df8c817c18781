import { createClient, type Logger, type TripswitchClient } from '@tripswitch/sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Cluster, startCluster } from './support/cluster.ts';

// What SDKs with default options say while their only server restarts, and how soon they are
// current again once it is back.

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const CLIENTS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ instances: 1 });
});
afterAll(() => cluster?.close());

async function defaultClients(url: string): Promise<TripswitchClient[]> {
  const token = await cluster.token('server');
  const clients = Array.from({ length: CLIENTS }, () =>
    createClient({ url, sdkKey: token, logger: quiet }),
  );
  await Promise.all(clients.map((client) => client.ready({ timeoutMs: 10_000 })));
  return clients;
}

describe('SDK status across a restart of their server', () => {
  it('every client says stale once the draining server has ended its stream, not ready', async () => {
    await cluster.flag('status-drain');
    const server = cluster.instances[0] as NonNullable<Cluster['instances'][0]>;
    const clients = await defaultClients(server.url);
    try {
      expect(await server.stop()).toBe(0);
      // The streams ended during the drain, before the exit; a moment for their ends to be read.
      await vi.waitFor(
        () => expect(clients.filter((client) => client.status !== 'stale')).toEqual([]),
        { timeout: 1_000, interval: 20 },
      );
      // And it stays so while no server answers.
      await sleep(3_000);
      expect(clients.map((client) => client.status)).toEqual(clients.map(() => 'stale'));
      cluster.instances[0] = await server.restart();
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  }, 60_000);

  it('every client is current within 4 s of the crashed server answering again after 10 s down', async () => {
    await cluster.flag('status-crash');
    const server = cluster.instances[0] as NonNullable<Cluster['instances'][0]>;
    const clients = await defaultClients(server.url);
    try {
      await server.kill();
      // Long enough for an unbounded exponential backoff to outgrow a few seconds.
      await sleep(10_000);
      const back = await server.restart();
      cluster.instances[0] = back;
      const answered = performance.now();
      await cluster.admin(0).call('killFlag', {
        params: { flagKey: 'status-crash', environment: 'production' },
      });
      const revision = await cluster.revision();
      await vi.waitFor(
        () => {
          const behind = clients.filter(
            (client) => client.status !== 'ready' || client.revision !== revision,
          );
          expect(behind.length).toBe(0);
        },
        { timeout: 4_000, interval: 20 },
      );
      console.info(
        `${CLIENTS} default clients current ${(performance.now() - answered).toFixed(0)} ms after the server answered`,
      );
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  }, 60_000);
});

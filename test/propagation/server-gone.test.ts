import { createAdminClient } from '@tripswitch/sdk/admin';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Cluster, startCluster } from './support/cluster.ts';
import { sdkFleet } from './support/fleet.ts';
import { startInstance } from './support/instance.ts';

// The SDKs' server gone entirely (crashed, no drain): they keep serving their last snapshot,
// then catch up when it returns. The change they missed is written meanwhile through another
// process on the same database, which they never talk to.

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ instances: 1 });
});
afterAll(() => cluster?.close());

describe('the server gone entirely', () => {
  it('SDKs keep serving the last snapshot while it is down, then catch up when it returns', async () => {
    const key = await cluster.flag('server-gone');
    const server = cluster.instances[0] as NonNullable<Cluster['instances'][0]>;
    const fleet = await sdkFleet([server.url], await cluster.token('server'), 3);
    try {
      const before = await cluster.revision();
      await server.kill();
      // The stream's end is noticed at once; stale once the reconnect (after the server's retry
      // hint) and the polling that stands in have failed too.
      await vi.waitFor(
        () => {
          for (const { client } of fleet.clients) expect(client.status).toBe('stale');
        },
        { timeout: 10_000 },
      );

      const elsewhere = await startInstance({
        databaseUrl: cluster.database.url,
        adminToken: cluster.adminToken,
      });
      try {
        await createAdminClient({ url: elsewhere.url, token: cluster.adminToken }).call(
          'killFlag',
          { params: { flagKey: key, environment: 'production' } },
        );
      } finally {
        await elsewhere.kill();
      }
      for (const { client } of fleet.clients) {
        expect(client.isEnabled(key, { key: 'u1' })).toBe(true);
        expect(client.revision).toBe(before);
      }

      cluster.instances[0] = await server.restart();
      const revision = await cluster.revision();
      expect(revision).toBeGreaterThan(before);
      await vi.waitFor(
        () => {
          for (const { client } of fleet.clients) {
            expect(client.revision).toBe(revision);
            expect(client.status).toBe('ready');
          }
        },
        { timeout: 15_000 },
      );
      for (const { client, changes } of fleet.clients) {
        expect(client.isEnabled(key, { key: 'u1' })).toBe(false);
        expect(changes.at(-1)).toEqual({ flags: [key], revision });
      }
    } finally {
      await fleet.close();
    }
  }, 60_000);
});

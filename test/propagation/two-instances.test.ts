import { followChanges } from '@tripswitch/sdk/admin';
import type { EnvironmentRevision } from '@tripswitch/sdk/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Cluster, startCluster } from './support/cluster.ts';
import { sdkFleet } from './support/fleet.ts';
import { readEvents } from './support/sse.ts';

// Two server processes on one Postgres and the shared Redis (a channel prefix of their own).

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ instances: 2, redisUrl: REDIS_URL });
});
afterAll(() => cluster?.close());

describe('two instances behind one Postgres and one Redis', () => {
  it('a kill through instance A reaches the SDKs streaming from instance B', async () => {
    const [a, b] = cluster.instances;
    const key = await cluster.flag('two-instances-kill', 0);
    const fleet = await sdkFleet([b?.url as string], await cluster.token('server'), 3);
    try {
      // B may still be catching up with the flag's creation: start from where Postgres is.
      const before = await cluster.revision();
      await vi.waitFor(() => {
        for (const { client } of fleet.clients) expect(client.revision).toBe(before);
      });
      for (const { client, changes } of fleet.clients) {
        expect(client.isEnabled(key, { key: 'u1' })).toBe(true);
        changes.length = 0;
      }
      await cluster
        .admin(0)
        .call('killFlag', { params: { flagKey: key, environment: 'production' } });
      const revision = await cluster.revision();
      await vi.waitFor(() => {
        for (const { client } of fleet.clients) expect(client.revision).toBe(revision);
      });
      for (const { client, changes } of fleet.clients) {
        expect(client.isEnabled(key, { key: 'u1' })).toBe(false);
        expect(changes).toEqual([{ flags: [key], revision }]);
      }
      expect(a?.url).not.toBe(b?.url);
    } finally {
      await fleet.close();
    }
  });

  it("a change through A reaches a dashboard following B's change feed", async () => {
    const changes: EnvironmentRevision[] = [];
    let opened = false;
    const feed = followChanges({
      url: cluster.instances[1]?.url as string,
      token: cluster.adminToken,
      onChange: (change) => changes.push(change),
      onOpen: () => {
        opened = true;
      },
    });
    try {
      await vi.waitFor(() => expect(opened).toBe(true));
      const key = await cluster.flag('two-instances-feed', 0);
      await cluster
        .admin(0)
        .call('killFlag', { params: { flagKey: key, environment: 'production' } });
      const revision = await cluster.revision();
      await vi.waitFor(() =>
        expect(changes).toContainEqual({ environment: 'production', revision }),
      );
    } finally {
      feed.close();
    }
  });

  it("serves B's snapshot from memory, moving with changes made through A", async () => {
    const b = cluster.instances[1]?.url as string;
    const token = await cluster.token('server');
    const snapshot = (etag?: string) =>
      fetch(`${b}/sdk/v1/snapshot`, {
        headers: { authorization: `Bearer ${token}`, ...(etag && { 'if-none-match': etag }) },
      });
    const first = await snapshot();
    const etag = first.headers.get('etag') as string;
    expect((await snapshot(etag)).status).toBe(304);
    const key = await cluster.flag('two-instances-snapshot', 0);
    await vi.waitFor(async () => {
      const moved = await snapshot(etag);
      expect(moved.status).toBe(200);
      expect((await moved.json()).flags[key]).toMatchObject({ key, on: true });
    });
  });

  it('a client token on B gets a revision ping and fresh evaluations for a change through A', async () => {
    const b = cluster.instances[1]?.url as string;
    const key = await cluster.flag('two-instances-client', 0);
    const token = await cluster.token('client');
    const evaluate = async () => {
      const response = await fetch(`${b}/sdk/v1/evaluate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ context: { key: 'u1' } }),
      });
      expect(response.status).toBe(200);
      return response.json();
    };
    await vi.waitFor(async () => expect((await evaluate()).flags[key]?.value).toBe(true));

    const stream = await readEvents(`${b}/sdk/v1/client-stream`, token);
    try {
      const [hello] = await stream.next(1);
      await cluster
        .admin(0)
        .call('killFlag', { params: { flagKey: key, environment: 'production' } });
      const revision = await cluster.revision();
      const pings = await stream.until((event) => Number(event.id) === revision);
      expect(hello?.event).toBe('revision');
      // One browser follows B: no spread needed.
      expect(JSON.parse(pings.at(-1)?.data as string)).toEqual({ revision, spreadMs: 0 });
      const evaluated = await evaluate();
      expect(evaluated.revision).toBe(revision);
      expect(evaluated.flags[key]).toMatchObject({
        value: false,
        variant: 'off',
        reason: 'DISABLED',
      });
      // Results only: nothing of the rules travels to a client token.
      expect(JSON.stringify(evaluated)).not.toContain('salt');
    } finally {
      stream.close();
    }
  });
});

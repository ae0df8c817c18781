import { randomBytes } from 'node:crypto';
import type { TokenKind } from '@tripswitch/sdk/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Cluster, startCluster } from './support/cluster.ts';
import { type PrivateRedis, startPrivateRedis } from './support/redis.ts';
import { readEvents } from './support/sse.ts';

// A revocation while the bus is down: the bus message is lost for good (Redis killed, never back
// while the test looks), so only anti-entropy can carry the revocation to the other instance.

const RESYNC_MS = 500;

let redis: PrivateRedis;
let cluster: Cluster;
beforeAll(async () => {
  redis = await startPrivateRedis();
  cluster = await startCluster({
    instances: 2,
    redisUrl: redis.url,
    env: { TRIPSWITCH_RESYNC_INTERVAL_MS: String(RESYNC_MS) },
  });
});
afterAll(async () => {
  await cluster?.close();
  await redis?.stop();
});

async function newToken(kind: TokenKind) {
  const created = await cluster.admin(0).call('createToken', {
    body: {
      name: `revoked-${randomBytes(3).toString('hex')}`,
      kind,
      ...(kind !== 'admin' && { environment: 'production' }),
    },
  });
  return { id: created.token.id, secret: created.secret };
}

const snapshotStatus = async (url: string, secret: string) =>
  (await fetch(`${url}/sdk/v1/snapshot`, { headers: { authorization: `Bearer ${secret}` } }))
    .status;

describe('revocation with the bus down', () => {
  it('reaches the other instance within the anti-entropy interval: requests refused, streams and feeds ended', async () => {
    const b = cluster.instances[1]?.url as string;
    const server = await newToken('server');
    const admin = await newToken('admin');
    // B knows both tokens (cached) and holds a stream and a change feed of each.
    expect(await snapshotStatus(b, server.secret)).toBe(200);
    const stream = await readEvents(`${b}/sdk/v1/stream`, server.secret);
    expect((await stream.next(1))[0]?.event).toBe('snapshot');
    const feed = await readEvents(`${b}/api/v1/changes`, admin.secret);
    expect((await feed.next(1))[0]?.event).toBe('ready');
    const streamEnded = stream.ended().then(() => true);
    const feedEnded = feed.ended().then(() => true);
    try {
      await redis.stop();
      // Through A: its bus message is lost.
      await cluster.admin(0).call('revokeToken', { params: { tokenId: server.id } });
      await cluster.admin(0).call('revokeToken', { params: { tokenId: admin.id } });

      // Well within B's 60 s cache recheck, a few anti-entropy passes.
      await vi.waitFor(
        async () => {
          expect(await snapshotStatus(b, server.secret)).toBe(401);
          const feedAnswer = await fetch(`${b}/api/v1/tokens`, {
            headers: { authorization: `Bearer ${admin.secret}` },
          });
          expect(feedAnswer.status).toBe(401);
        },
        { timeout: RESYNC_MS * 10, interval: 100 },
      );
      const ended = (done: Promise<boolean>) =>
        Promise.race([
          done,
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), RESYNC_MS * 4)),
        ]);
      expect(await ended(streamEnded)).toBe(true);
      expect(await ended(feedEnded)).toBe(true);
    } finally {
      stream.close();
      feed.close();
      await redis.start();
    }
  });
});

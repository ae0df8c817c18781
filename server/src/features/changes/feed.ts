import type { ServerResponse } from 'node:http';
import { changeFeedApi, type EnvironmentRevision } from '@tripswitch/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { UnavailableError } from '../../errors.ts';
import { HEARTBEAT, retryFrame } from '../../propagation/sse.ts';
import { streamRouteOptions } from '../route.ts';

const HEARTBEAT_MS = 15_000;
const MAX_BUFFERED_BYTES = 256 * 1024;
/** What a dashboard waits before reconnecting after the feed ends (a restart, a drain). */
const RETRY = retryFrame(1_000);

/**
 * The change feed (`GET /api/v1/changes`, admin token): one `change` event per committed change,
 * from the bus, so a change made through any instance reaches every open dashboard. The bus
 * delivers at most once: followers still poll now and then to catch what it lost. Few people
 * have a dashboard open, so this is plain Node streaming, not the SDK streams' fan-out machinery.
 */
export async function changeFeedRoutes(app: FastifyInstance): Promise<void> {
  /** Open feeds, and the token each was opened with. */
  const feeds = new Map<ServerResponse, string>();
  const send = (frame: string | Buffer) => {
    for (const feed of feeds.keys()) {
      // A follower that stopped reading is let go (it reconnects and refetches if it was alive),
      // so its buffer never grows without bound.
      if (feed.writableLength > MAX_BUFFERED_BYTES) feed.destroy();
      else feed.write(frame);
    }
  };
  app.propagation.watchRevocations({
    held: () => feeds.values(),
    // The follower reconnects, is refused, and the dashboard signs out.
    revoked(revokedId) {
      for (const [feed, tokenId] of feeds) if (tokenId === revokedId) feed.end();
    },
  });
  app.bus.onMessage((message) => {
    if (message.type === 'token-revoked') return;
    const { environment, revision } = message.event;
    const data: EnvironmentRevision = { environment, revision };
    send(`event: change\ndata: ${JSON.stringify(data)}\n\n`);
  });
  const heartbeat = setInterval(() => send(HEARTBEAT), HEARTBEAT_MS);
  heartbeat.unref();
  // Before the listener closes: an open feed would otherwise hold app.close() for ever.
  app.addHook('preClose', async () => {
    clearInterval(heartbeat);
    for (const feed of feeds.keys()) feed.end();
  });

  app.route({
    ...streamRouteOptions(changeFeedApi.changes),
    handler(request, reply) {
      if (app.lifecycle.draining) {
        reply.header('retry-after', '1');
        throw new UnavailableError('This instance is shutting down; connect again (to another).');
      }
      reply.hijack();
      // Its heartbeat keeps it alive from now on, not the idle timeout.
      request.raw.socket.setTimeout(0);
      const feed = reply.raw;
      feed.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        // Proxies such as nginx would otherwise buffer the stream.
        'x-accel-buffering': 'no',
      });
      feed.write(RETRY);
      // Tells the follower the feed is open: whatever changed before now, it fetches afresh.
      feed.write('event: ready\ndata: {}\n\n');
      feeds.set(feed, (request.principal as NonNullable<typeof request.principal>).tokenId);
      feed.on('close', () => feeds.delete(feed));
      // A write racing the peer's disconnect must not become an unhandled 'error' event.
      feed.on('error', () => feeds.delete(feed));
      app.recordRequest(request, reply);
    },
  });
}

import { STREAM_HEARTBEAT_MS } from '@tripswitch/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { BusMessage } from '../bus/types.ts';
import { LiveEnvironments } from './environments.ts';
import { propagationMetrics } from './metrics.ts';
import { revokedAmong } from './revocations.ts';
import { HEARTBEAT, retryFrame } from './sse.ts';
import { StreamRegistry, type Subscriber } from './subscribers.ts';

/** Streams ended by a drain tell SDKs to wait up to this long, at random, before reconnecting. */
const DRAIN_RETRY_MS = 1_000;

/** Something outside propagation that holds connections per token (the change feed). */
export interface RevocationWatcher {
  /** The tokens it holds connections of now. */
  held(): Iterable<string>;
  /** A token was revoked: its connections end. */
  revoked(tokenId: string): void;
}

export interface Propagation {
  environments: LiveEnvironments;
  streams: StreamRegistry;
  /** Acts on a bus message here: applies a change, or ends a revoked token's streams. */
  receive(message: BusMessage): void;
  /** Hears every revocation, from the bus or found by anti-entropy, and lets it check its tokens. */
  watchRevocations(watcher: RevocationWatcher): void;
  /**
   * Ends every stream with a retry hint, spread at random over `windowMs` so SDKs reconnect
   * (to other instances) without a herd; resolves when all have ended.
   */
  drain(windowMs: number): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    propagation: Propagation;
  }
}

/** Live propagation: environments in memory, kept current from the bus and Postgres, and streams. */
export const propagationPlugin = fp(
  async (app: FastifyInstance) => {
    const { config } = app;
    const log = app.log.child({ component: 'propagation' });
    const streams = new StreamRegistry();
    const metrics = propagationMetrics(app.metricsRegistry, () => streams.size);
    const fanout = {
      bufferBytes: config.streamBufferBytes,
      onSlow(subscriber: Subscriber) {
        if (!subscriber.open) return;
        subscriber.destroy();
        metrics.slowClosed.inc();
      },
    };
    const environments = new LiveEnvironments({
      db: app.db,
      log,
      metrics,
      fanout,
      dropped(environment) {
        const { pings, refetches } = environment;
        for (const subscriber of [...environment.streams, ...pings, ...refetches]) subscriber.end();
      },
    });

    const watchers: RevocationWatcher[] = [];
    const revoke = (tokenId: string) => {
      app.tokenCache.forget(tokenId);
      for (const subscriber of streams.ofToken(tokenId)) subscriber.end();
      for (const watcher of watchers) watcher.revoked(tokenId);
    };
    // A revocation's bus message can be lost like any other (Redis down while it was written):
    // each pass also asks Postgres which of the tokens held here are no longer valid.
    const reconcileRevocations = async () => {
      const held = [
        app.tokenCache.tokenIds(),
        streams.tokenIds(),
        ...watchers.map((w) => w.held()),
      ];
      const revoked = await revokedAmong(
        app.db,
        held.flatMap((ids) => [...ids]),
      );
      if (revoked.length > 0) log.info({ tokens: revoked }, 'anti-entropy found revoked tokens');
      for (const tokenId of revoked) revoke(tokenId);
    };
    const resync = (why: string) =>
      Promise.all([environments.resync(), reconcileRevocations()]).catch((error: Error) =>
        log.warn({ err: error, why }, 'resync failed'),
      );
    const antiEntropy = setInterval(() => void resync('interval'), config.resyncIntervalMs);
    antiEntropy.unref();
    const heartbeat = setInterval(() => {
      for (const subscriber of streams.all()) {
        if (subscriber.buffered > fanout.bufferBytes) fanout.onSlow(subscriber);
        else subscriber.write(HEARTBEAT);
      }
    }, STREAM_HEARTBEAT_MS);
    heartbeat.unref();

    const propagation: Propagation = {
      environments,
      streams,
      receive(message) {
        if (message.type === 'change') {
          environments.receive(message.event);
          return;
        }
        revoke(message.tokenId);
      },
      watchRevocations(watcher) {
        watchers.push(watcher);
      },
      async drain(windowMs) {
        const ending = streams.all().map(
          (subscriber) =>
            new Promise<void>((resolve) => {
              setTimeout(() => {
                subscriber.end(retryFrame(Math.random() * DRAIN_RETRY_MS));
                resolve();
              }, Math.random() * windowMs);
            }),
        );
        await Promise.all(ending);
      },
    };
    app.decorate('propagation', propagation);
    app.bus.onMessage((message) => propagation.receive(message));
    app.bus.onReconnect(() => void resync('bus reconnected'));

    // Before the listener closes: open streams would otherwise hold app.close() for ever.
    app.addHook('preClose', async () => {
      clearInterval(antiEntropy);
      clearInterval(heartbeat);
      environments.close();
      for (const subscriber of streams.all())
        subscriber.end(retryFrame(Math.random() * DRAIN_RETRY_MS));
    });
  },
  { name: 'propagation', dependencies: ['store', 'bus', 'auth', 'metrics'] },
);

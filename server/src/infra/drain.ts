// The drain sequence on SIGTERM, in the order load balancers need it.
import { Server } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';

/**
 * After the listener stops accepting, connections it accepted just before still get their
 * requests served: Node's http close would otherwise drop them as idle (a reset for a request
 * already on its way).
 */
const ACCEPTED_LINGER_MS = 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The grace, capped at half the drain timeout so streams and in-flight requests keep time. */
export function drainGraceMs(config: Config): number {
  return Math.min(config.drainGraceMs, Math.floor(config.drainTimeoutMs / 2));
}

/** The window over which SSE streams end at random moments, so SDKs reconnect without a herd. */
function streamSpreadMs(config: Config): number {
  return Math.min(5000, Math.floor(config.drainTimeoutMs / 4));
}

/**
 * Readiness fails at once; the listener keeps accepting for the grace (balancers notice and stop
 * sending); then it stops accepting, streams end spread out, and app.close() waits for what is
 * in flight. Every response while draining closes its connection (see the health plugin).
 */
export async function drain(app: FastifyInstance, config: Config): Promise<void> {
  app.lifecycle.draining = true;
  await sleep(drainGraceMs(config));
  // net's close, not http's: stops accepting without dropping accepted, not yet read sockets.
  Server.prototype.close.call(app.server);
  await Promise.all([app.propagation.drain(streamSpreadMs(config)), sleep(ACCEPTED_LINGER_MS)]);
  await app.close();
}

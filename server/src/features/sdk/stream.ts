import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TooManyStreamsError, UnavailableError } from '../../errors.ts';
import type { LiveEnvironment } from '../../propagation/live-environment.ts';
import { parseLastEventId, retryFrame } from '../../propagation/sse.ts';
import { Subscriber } from '../../propagation/subscribers.ts';
import { liveEnvironmentOf } from './environment.ts';

/** What SDKs wait before reconnecting after a stream ends, unless a drain says otherwise. */
const RETRY_MS = 1_000;

/** Server streams start with the snapshot, or with what a resuming SDK missed. */
function serverStart(environment: LiveEnvironment, request: FastifyRequest): Buffer[] {
  const lastEventId = parseLastEventId(request.headers['last-event-id']);
  const missed =
    lastEventId === undefined
      ? undefined
      : environment.ring.after(lastEventId, environment.revision);
  return missed ?? [environment.snapshotFrame()];
}

/** Client streams start with the revision: the browser fetches its evaluations for it. */
function clientStart(environment: LiveEnvironment): Buffer[] {
  return [environment.revisionFrame()];
}

/**
 * An SSE handler: server tokens follow every change (`streams`), client tokens only revision
 * pings (`pings`). Refusals (draining, too many streams) are problems, before the stream starts.
 */
export function streamHandler(app: FastifyInstance, kind: 'streams' | 'pings') {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (app.lifecycle.draining) {
      reply.header('retry-after', '1');
      throw new UnavailableError('This instance is shutting down; connect again (to another).');
    }
    const environment = await liveEnvironmentOf(app, request);
    const principal = request.principal as NonNullable<FastifyRequest['principal']>;
    // Checked after the last await, so concurrent connects cannot all slip under the limit.
    const limit = app.config.streamsPerToken;
    if (app.propagation.streams.countFor(principal.tokenId) >= limit) {
      reply.header('retry-after', '10');
      throw new TooManyStreamsError(
        `This token already holds ${limit} streams on this instance; close some or raise TRIPSWITCH_STREAMS_PER_TOKEN.`,
      );
    }
    const start = kind === 'streams' ? serverStart(environment, request) : clientStart(environment);
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      ...(reply.getHeaders() as OutgoingHttpHeaders),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // Proxies such as nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
      // The stream is all this connection carries: when it ends, so does the connection, and no
      // idle keep-alive socket holds a shutdown back.
      connection: 'close',
    });
    const subscriber = new Subscriber(principal.tokenId, environment.name, response);
    app.propagation.follow(environment, subscriber, kind);
    subscriber.write(Buffer.concat([retryFrame(RETRY_MS), ...start]));
  };
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TooManyStreamsError, UnavailableError } from '../../errors.ts';
import type { LiveEnvironment } from '../../propagation/live-environment.ts';
import { parseLastEventId, retryFrame } from '../../propagation/sse.ts';
import { Subscriber } from '../../propagation/subscribers.ts';
import { liveEnvironmentOf } from './environment.ts';

/** What SDKs wait before reconnecting after a stream ends, unless a drain says otherwise. */
const RETRY = retryFrame(1_000);

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
 * OFREP streams start with a refetch unless the provider resumes at the current revision: one
 * that connects after its bulk call cannot say which revision that answer had, and a change in
 * between must not be missed (a refetch that finds nothing new costs a 304).
 */
function refetchStart(environment: LiveEnvironment, request: FastifyRequest): Buffer[] {
  const lastEventId = parseLastEventId(request.headers['last-event-id']);
  return lastEventId === environment.revision ? [] : [environment.refetchFrame()];
}

const STARTS = {
  streams: serverStart,
  pings: clientStart,
  refetches: refetchStart,
} satisfies Record<StreamKind, (environment: LiveEnvironment, request: FastifyRequest) => Buffer[]>;

/** Which of an environment's sets a stream joins. */
export type StreamKind = 'streams' | 'pings' | 'refetches';

/**
 * The stream's response head. It goes to the socket with the first events: the stream is written
 * to the socket, not through Node's ServerResponse, so no chunk framing wraps each event and no
 * header text stays held for the stream's life. The body ends when the connection closes.
 */
function streamHead(headers: ReturnType<FastifyReply['getHeaders']>): string {
  const all: typeof headers = {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    // Proxies such as nginx would otherwise buffer the stream.
    'x-accel-buffering': 'no',
    // The stream is all this connection carries: when it ends, so does the connection, and no
    // idle keep-alive socket holds a shutdown back.
    connection: 'close',
    date: new Date().toUTCString(),
  };
  let head = 'HTTP/1.1 200 OK\r\n';
  for (const [name, value] of Object.entries(all)) {
    if (value === undefined) continue;
    for (const line of Array.isArray(value) ? value : [value]) head += `${name}: ${line}\r\n`;
  }
  return `${head}\r\n`;
}

/**
 * An SSE handler: server tokens follow every change (`streams`), client tokens only revision
 * pings (`pings`), OFREP providers refetch events (`refetches`). Refusals (draining, too many
 * streams) are problems, before the stream starts.
 */
export function streamHandler(app: FastifyInstance, kind: StreamKind) {
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
    const start = STARTS[kind](environment, request);
    const socket = request.raw.socket;
    reply.hijack();
    // The SDK left while its environment loaded.
    if (socket.destroyed) return;
    // The stream is written to the socket and ends when it closes: Node's ServerResponse lets go
    // of it, so that response (and Fastify's request and reply, which its listeners hold) is
    // collected now instead of living as long as the stream. Node then counts the connection as
    // idle, which only matters to a close: propagation ends every stream before that (preClose).
    reply.raw.detachSocket(socket);
    // The stream's heartbeat and buffer bound watch it from now on, not the idle timeout.
    socket.setTimeout(0);
    const head = Buffer.from(streamHead(reply.getHeaders()), 'latin1');
    const subscriber = new Subscriber(
      principal.tokenId,
      environment.name,
      socket,
      environment[kind],
    );
    app.propagation.streams.add(subscriber);
    // One write of the head and the first events, which share the snapshot's bytes, not a copy.
    socket.cork();
    for (const frame of [head, RETRY, ...start]) subscriber.write(frame);
    socket.uncork();
    app.recordRequest(request, reply);
  };
}

import cors from '@fastify/cors';
import { type Endpoint, sdkApi } from '@tripswitch/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { evaluateRoute } from './evaluate.ts';
import { snapshotRoute } from './snapshot.ts';
import { streamHandler } from './stream.ts';

const SDK_PREFIX = '/sdk/v1/';

// Browsers call the SDK endpoints from any origin with a bearer token (never a cookie), so any
// origin may; preflights are answered before authentication, which they cannot carry.
const SDK_CORS = {
  origin: '*',
  methods: ['GET', 'POST'],
  allowedHeaders: ['authorization', 'content-type', 'if-none-match', 'last-event-id'],
  exposedHeaders: ['etag', 'retry-after'],
  maxAge: 600,
};

/** An SSE endpoint, in the OpenAPI document too. */
function streamRoute(app: FastifyInstance, endpoint: Endpoint, kind: 'streams' | 'pings') {
  app.route({
    method: endpoint.method,
    url: endpoint.path,
    schema: {
      summary: endpoint.summary,
      tags: [endpoint.tag],
      security: [{ bearer: [] }],
      produces: ['text/event-stream'],
    },
    handler: streamHandler(app, kind),
  });
}

/** SDK endpoints: server tokens read their environment's rules, client tokens only results. */
export async function sdkRoutes(app: FastifyInstance) {
  await app.register(cors, {
    delegator: (request, callback) =>
      callback(null, request.url.startsWith(SDK_PREFIX) ? SDK_CORS : { origin: false }),
  });
  await app.register(async (server) => {
    server.addHook('onRequest', app.authenticate('server'));
    snapshotRoute(server);
    streamRoute(server, sdkApi.stream, 'streams');
  });
  await app.register(async (client) => {
    client.addHook('onRequest', app.authenticate('client'));
    evaluateRoute(client);
    streamRoute(client, sdkApi.clientStream, 'pings');
  });
}

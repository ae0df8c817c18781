import { type Endpoint, sdkApi } from '@tripswitch/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { streamRouteOptions } from '../route.ts';
import { sdkCors } from './cors.ts';
import { evaluateRoute } from './evaluate.ts';
import { polledRoutes } from './polled.ts';
import { SDK_PREFIX, underPrefix } from './prefix.ts';
import { snapshotRoute } from './snapshot.ts';
import { streamHandler } from './stream.ts';

/** An SSE endpoint, in the OpenAPI document too. */
function streamRoute(app: FastifyInstance, endpoint: Endpoint, kind: 'streams' | 'pings') {
  app.route({
    ...streamRouteOptions(endpoint, underPrefix(endpoint).path),
    handler: streamHandler(app, kind),
  });
}

/** SDK endpoints: server tokens read their environment's rules, client tokens only results. */
export async function sdkRoutes(app: FastifyInstance) {
  await app.register(
    async (sdk) => {
      sdkCors(sdk);
      await sdk.register(async (server) => {
        server.addHook('onRequest', app.authenticate('server'));
        await polledRoutes(server, snapshotRoute);
        streamRoute(server, sdkApi.stream, 'streams');
      });
      await sdk.register(async (client) => {
        client.addHook('onRequest', app.authenticate('client'));
        await polledRoutes(client, evaluateRoute);
        streamRoute(client, sdkApi.clientStream, 'pings');
      });
    },
    { prefix: SDK_PREFIX },
  );
}

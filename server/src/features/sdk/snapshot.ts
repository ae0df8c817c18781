import { sdkApi } from '@tripswitch/sdk/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LiveEnvironment } from '../../propagation/live-environment.ts';
import { described, PROBLEMS } from '../route.ts';
import { liveEnvironmentOf } from './environment.ts';
import { underPrefix } from './prefix.ts';

/** True when an If-None-Match header lists this ETag (or `*`); weak validators compare too. */
export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  // What SDKs send: the one ETag they were given.
  if (ifNoneMatch === etag) return true;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}

function answer(request: FastifyRequest, reply: FastifyReply, environment: LiveEnvironment): void {
  reply.header('etag', environment.etag);
  if (matches(request.headers['if-none-match'], environment.etag)) {
    reply.code(304).send();
    return;
  }
  // Already JSON: sent as is, never serialized again.
  reply
    .header('cache-control', 'no-cache')
    .type('application/json; charset=utf-8')
    .send(environment.snapshotBody());
}

/**
 * The snapshot, from memory: serialized once per revision, never read from Postgres here. Every
 * SDK polls it, so its handler is synchronous once the environment is loaded, and returns nothing
 * (unlike route()'s handlers, which return the reply: a thenable that Fastify waits on through
 * stream listeners, about a fifth of the JS cost of a 304).
 */
export function snapshotRoute(app: FastifyInstance): void {
  const endpoint = underPrefix(sdkApi.snapshot);
  app.route({
    method: endpoint.method,
    url: endpoint.path,
    schema: {
      ...described(endpoint),
      response: { [endpoint.status]: endpoint.response, ...PROBLEMS },
    },
    handler(request, reply) {
      const environment = liveEnvironmentOf(app, request);
      if (!(environment instanceof Promise)) return answer(request, reply, environment);
      // An environment's first request: the reply is returned so Fastify waits for it to end.
      return environment.then((loaded) => {
        answer(request, reply, loaded);
        return reply;
      });
    },
  });
}

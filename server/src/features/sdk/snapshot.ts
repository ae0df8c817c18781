import { sdkApi } from '@tripswitch/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { route } from '../route.ts';
import { liveEnvironmentOf } from './environment.ts';
import { underPrefix } from './prefix.ts';

/** True when an If-None-Match header lists this ETag (or `*`); weak validators compare too. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  // What SDKs send: the one ETag they were given.
  if (ifNoneMatch === etag) return true;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}

/** The snapshot, from memory: serialized once per revision, never read from Postgres here. */
export function snapshotRoute(app: FastifyInstance): void {
  route(app, underPrefix(sdkApi.snapshot), async ({ request, reply }) => {
    const environment = await liveEnvironmentOf(app, request);
    reply.header('etag', environment.etag);
    if (matches(request.headers['if-none-match'], environment.etag)) {
      return reply.code(304).send();
    }
    // Already JSON: sent as is, never serialized again.
    return reply
      .header('cache-control', 'no-cache')
      .type('application/json; charset=utf-8')
      .send(environment.snapshotBody());
  });
}

import { sdkApi } from '@tripswitch/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../errors.ts';
import { route } from '../route.ts';
import { buildSnapshot, currentRevision } from './snapshot.ts';

/** True when an If-None-Match header lists this ETag (or `*`); weak validators compare too. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}

/** SDK endpoints, for server tokens: each token reads its own environment. */
export async function sdkRoutes(app: FastifyInstance) {
  app.addHook('onRequest', app.authenticate('server'));

  route(app, sdkApi.snapshot, async ({ request, reply }) => {
    const environment = request.principal?.environment as string;
    const missing = () => new NotFoundError(`No environment "${environment}".`);
    const revision = await currentRevision(app.db, environment);
    if (revision === null) throw missing();
    if (matches(request.headers['if-none-match'], `"${revision}"`)) {
      return reply.code(304).header('etag', `"${revision}"`).send();
    }
    const snapshot = await buildSnapshot(app.db, environment);
    if (!snapshot) throw missing();
    reply.header('etag', `"${snapshot.revision}"`).header('cache-control', 'no-cache');
    return snapshot;
  });
}

import type { FastifyInstance } from 'fastify';

// Browsers call the SDK endpoints from any origin with a bearer token (never a cookie), so every
// origin may read every answer, errors included: the same static headers on every response, and
// preflights answered before authentication, which they cannot carry. Written here rather than
// with @fastify/cors: its per-request hook (option objects merged, route options rebuilt, origin
// resolved through callbacks) cost about 2 us of each 304 snapshot answer, for headers that
// never change.

const ALLOWED = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'etag, retry-after',
};

const PREFLIGHT = {
  ...ALLOWED,
  'access-control-allow-methods': 'GET, POST',
  'access-control-allow-headers': 'authorization, content-type, if-none-match, last-event-id',
  'access-control-max-age': '600',
  // Safari waits for a body on a 204 without it.
  'content-length': '0',
};

/** CORS for every route of `app` (the SDK plugin, under its prefix) and nothing else. */
export function sdkCors(app: FastifyInstance): void {
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(ALLOWED);
    done();
  });
  app.options('*', { schema: { hide: true } }, (_request, reply) => {
    reply.code(204).headers(PREFLIGHT).send();
  });
}

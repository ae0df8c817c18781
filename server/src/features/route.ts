import type { Static, TSchema } from '@sinclair/typebox';
import { type Endpoint, PROBLEM_CODES, Problem } from '@tripswitch/sdk/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

// Routes are registered from the protocol's endpoint table, so method, path, schemas and status
// are written once, where the admin client and the OpenAPI document read them too.

type Part<S> = S extends TSchema ? Static<S> : undefined;

/** What a handler receives: the validated parts of the request, and the request itself. */
export interface RouteInput<E extends Endpoint> {
  params: Part<E['params']>;
  query: Part<E['query']>;
  body: Part<E['body']>;
  request: FastifyRequest;
  reply: FastifyReply;
}

// A 204 sends nothing, whatever the handler resolves to.
type RouteResult<E extends Endpoint> = E['status'] extends 204 ? unknown : Part<E['response']>;

function requiresNothing(schema: TSchema): boolean {
  return schema.type === 'object' && !(schema.required as string[] | undefined)?.length;
}

/** How every route presents itself in the OpenAPI document: summary, tag, bearer token. */
export function described(endpoint: Endpoint) {
  return { summary: endpoint.summary, tags: [endpoint.tag], security: [{ bearer: [] }] };
}

const RETRY_AFTER = {
  'retry-after': { type: 'integer', minimum: 1, description: 'Seconds to wait before retrying' },
};

/** A problem answer that comes with Retry-After, described by the codes it may carry. */
function retryable(summary: string, codes: (keyof typeof PROBLEM_CODES)[]) {
  const meanings = codes.map((code) => `\`${code}\`: ${PROBLEM_CODES[code]}.`).join(' ');
  return { ...Problem, description: `${summary} ${meanings}`, headers: RETRY_AFTER };
}

/**
 * Error answers, whatever the route: problem documents (codes in the protocol's PROBLEM_CODES).
 * The two a client should retry say so, with Retry-After.
 */
export const PROBLEMS = {
  '4xx': Problem,
  '429': retryable('Too many requests.', ['TS_AUTH_RATE_LIMITED', 'TS_TOO_MANY_STREAMS']),
  '5xx': Problem,
  '503': retryable('Unavailable for now.', ['TS_STORE_UNAVAILABLE', 'TS_UNAVAILABLE']),
};

/**
 * The route options of a server-sent event stream at `url` (the endpoint's path unless a prefix
 * moves it); its handler hijacks the reply. A stream has no head without its body: no HEAD route.
 */
export function streamRouteOptions(endpoint: Endpoint, url = endpoint.path) {
  return {
    method: endpoint.method,
    url,
    schema: { ...described(endpoint), produces: ['text/event-stream'], response: PROBLEMS },
    exposeHeadRoute: false,
  };
}

/** Registers `endpoint` on `app` with `handler`; the reply gets the endpoint's status. */
export function route<E extends Endpoint>(
  app: FastifyInstance,
  endpoint: E,
  // A handler may answer itself (e.g. 304 Not Modified) and return the reply.
  handler: (input: RouteInput<E>) => Promise<RouteResult<E> | FastifyReply>,
): void {
  const response: Record<string, unknown> = { ...PROBLEMS };
  response[endpoint.status] = endpoint.response ?? { type: 'null', description: 'No content' };
  app.route({
    method: endpoint.method,
    url: endpoint.path,
    schema: {
      ...described(endpoint),
      ...(endpoint.params && { params: endpoint.params }),
      ...(endpoint.query && { querystring: endpoint.query }),
      ...(endpoint.body && { body: endpoint.body }),
      response,
    },
    // A body whose every field is optional (kill, enable, archive...) may be left out entirely.
    ...(endpoint.body &&
      requiresNothing(endpoint.body) && {
        preValidation: async (request: FastifyRequest) => {
          request.body ??= {};
        },
      }),
    handler: async (request, reply) => {
      const result = await handler({
        params: request.params,
        query: request.query,
        body: request.body,
        request,
        reply,
      } as RouteInput<E>);
      if (reply.sent) return reply;
      reply.code(endpoint.status);
      return endpoint.status === 204 ? reply.send() : result;
    },
  });
}

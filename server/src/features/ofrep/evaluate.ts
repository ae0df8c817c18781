import { hash } from 'node:crypto';
import { evaluate, evaluateAll } from '@tripswitch/sdk/core';
import {
  type OfrepBulkEvaluation,
  type OfrepBulkQuery,
  type OfrepEvaluationRequest,
  type OfrepEventStream,
  OfrepRequestFailure,
  ofrepApi,
} from '@tripswitch/sdk/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LiveEnvironment } from '../../propagation/live-environment.ts';
import { described, PROBLEMS } from '../route.ts';
import { liveEnvironmentOf } from '../sdk/environment.ts';
import { matches } from '../sdk/snapshot.ts';
import { sendFailure } from './failures.ts';
import { Freshness, revisionOfEtag } from './freshness.ts';
import { relative } from './prefix.ts';
import { toOfrepResult, toTripswitchContext } from './results.ts';
import type { EventTickets } from './tickets.ts';

// Both evaluations run in memory, by the SDK core, from the environment this instance holds
// (compiled once per change): no Postgres on the way, as for /sdk/v1/evaluate.

/** How long a browser may close its event stream while hidden (ADR-0008's default). */
const INACTIVITY_DELAY_SEC = 120;

/**
 * Runs `answer` at once when the environment is held here (every request but its first), else
 * once it is loaded, returning the reply so that Fastify waits for it.
 */
function withEnvironment(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  answer: (environment: LiveEnvironment) => void,
): undefined | Promise<FastifyReply> {
  const environment = liveEnvironmentOf(app, request);
  if (!(environment instanceof Promise)) {
    answer(environment);
    return undefined;
  }
  return environment.then((loaded) => {
    answer(loaded);
    return reply;
  });
}

/** POST /ofrep/v1/evaluate/flags/:key: 200 with the result, 404 or 400 with OFREP's failure. */
export function evaluateFlagRoute(app: FastifyInstance): void {
  const endpoint = relative(ofrepApi.evaluateFlag);
  app.route({
    method: endpoint.method,
    url: endpoint.path,
    schema: {
      ...described(endpoint),
      params: endpoint.params,
      body: endpoint.body,
      response: {
        200: endpoint.response,
        400: OfrepRequestFailure,
        404: OfrepRequestFailure,
        ...PROBLEMS,
      },
    },
    handler(request, reply) {
      const { key } = request.params as { key: string };
      const { context } = request.body as OfrepEvaluationRequest;
      return withEnvironment(app, request, reply, (environment) => {
        const detail = evaluate(environment.compiled, key, toTripswitchContext(context), null);
        const result = toOfrepResult(detail);
        reply.header('cache-control', 'private, no-store');
        if (!('errorCode' in result)) {
          reply.type('application/json; charset=utf-8').send(JSON.stringify(result));
          return;
        }
        const notFound = result.errorCode === 'FLAG_NOT_FOUND';
        const status = notFound ? 404 : 400;
        sendFailure(reply, {
          ...result,
          type: 'about:blank',
          title: notFound ? 'Not found' : 'Bad request',
          status,
          code: notFound ? 'TS_NOT_FOUND' : 'TS_EVALUATION_FAILED',
          detail: result.errorDetails ?? result.errorCode,
          instance: request.url,
        });
      });
    },
  });
}

/**
 * The bulk answer's ETag: the revision and a digest of the context, because the answer depends
 * on both (a provider whose context changed but kept its targeting key still sends the old
 * ETag, and must not get a 304 for it).
 */
function etagOf(environment: LiveEnvironment, contextText: string): string {
  return `"${environment.revision}-${hash('sha1', contextText, 'base64url')}"`;
}

/**
 * POST /ofrep/v1/evaluate/flags: every flag, with the event stream to follow. An If-None-Match
 * naming the current ETag gets 304 before anything is evaluated.
 */
export function evaluateFlagsRoute(app: FastifyInstance, tickets: EventTickets): void {
  const endpoint = relative(ofrepApi.evaluateFlags);
  const freshness = new Freshness(app);
  const eventsPath = ofrepApi.events.path;

  function answer(request: FastifyRequest, reply: FastifyReply, environment: LiveEnvironment) {
    const { context } = request.body as OfrepEvaluationRequest;
    const etag = etagOf(environment, JSON.stringify(context));
    reply.header('etag', etag).header('cache-control', 'private, no-cache');
    if (matches(request.headers['if-none-match'], etag)) {
      reply.code(304).send();
      return;
    }
    const compiled = environment.compiled;
    const details = evaluateAll(compiled, toTripswitchContext(context));
    const eventStream: OfrepEventStream = {
      type: 'sse',
      endpoint: { requestUri: `${eventsPath}?ticket=${tickets.ticketOf(request)}` },
      inactivityDelaySec: INACTIVITY_DELAY_SEC,
    };
    const body: OfrepBulkEvaluation = {
      flags: Object.values(details).map(toOfrepResult),
      metadata: { environment: environment.name, revision: compiled.revision },
      eventStreams: [eventStream],
    };
    reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
  }

  /** A refetch an event triggered: this instance catches up with the event's revision first. */
  async function answerFresh(
    request: FastifyRequest,
    reply: FastifyReply,
    revision: number,
  ): Promise<FastifyReply> {
    const environment = await liveEnvironmentOf(app, request);
    await freshness.atLeast(environment, revision);
    answer(request, reply, environment);
    return reply;
  }

  app.route({
    method: endpoint.method,
    url: endpoint.path,
    schema: {
      ...described(endpoint),
      querystring: endpoint.query,
      body: endpoint.body,
      response: {
        200: endpoint.response,
        304: { type: 'null', description: 'Not modified: If-None-Match named the current ETag' },
        400: OfrepRequestFailure,
        ...PROBLEMS,
      },
    },
    handler(request, reply) {
      const wanted = revisionOfEtag((request.query as OfrepBulkQuery).flagConfigEtag);
      if (wanted !== undefined) return answerFresh(request, reply, wanted);
      return withEnvironment(app, request, reply, (environment) =>
        answer(request, reply, environment),
      );
    },
  });
}

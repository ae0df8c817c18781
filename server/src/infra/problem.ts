import type { Problem } from '@tripswitch/sdk/protocol';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  FRAMEWORK_CODES,
  INTERNAL_CODE,
  type ProblemExtras,
  StoreUnavailableError,
} from '../errors.ts';
import { isStoreUnavailable } from '../store/unavailable.ts';
import { fieldErrors } from './validation.ts';

/** What a client waits before trying again while Postgres cannot be reached. */
export const STORE_RETRY_AFTER_SECONDS = 2;
const OUTAGE_LOG_INTERVAL_MS = 10_000;
/** When the outage was last logged, and how many requests were answered 503 since. */
const outageLog = { saidAt: 0, answered: 0 };

// The one error handler: every error leaves as application/problem+json with a stable code.
// Errors of our own (TS_*) carry their status and extras; Fastify's own 4xx get our codes; anything
// else is a bug, logged in full and shown as a bare 500.

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** The problem document of any error (validation, ours, Fastify's, a bug). */
export function toProblem(error: FastifyError & ProblemExtras, request: FastifyRequest): Problem {
  const base = { type: 'about:blank', instance: request.url };
  if (error.validation) {
    return {
      ...base,
      title: TITLES[400] as string,
      status: 400,
      code: 'TS_VALIDATION',
      detail: 'The request is not valid.',
      errors: fieldErrors(error.validation as never, error.validationContext ?? 'body'),
    };
  }
  const status = error.statusCode ?? 500;
  // Our own 5xx (TS_UNAVAILABLE) are deliberate and say so; any other is a bug and says nothing.
  if (status >= 500 && !error.code?.startsWith('TS_')) {
    return { ...base, title: TITLES[500] as string, status: 500, code: INTERNAL_CODE };
  }
  const code = error.code?.startsWith('TS_')
    ? error.code
    : (FRAMEWORK_CODES[error.code] ??
      (error instanceof SyntaxError ? 'TS_MALFORMED_JSON' : 'TS_BAD_REQUEST'));
  return {
    ...base,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail: error.message,
    ...(error.errors && { errors: error.errors }),
    ...(error.current !== undefined && { current: error.current }),
  };
}

function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

/**
 * Postgres unreachable, wherever a route met it: one answer, 503 with Retry-After, so every
 * route and the SDK's first request of a token say the same thing instead of a bare 500.
 */
function storeUnavailable(error: Error, request: FastifyRequest, reply: FastifyReply): Error {
  // Every request that needs Postgres meets the outage: said once per interval, not per request.
  const now = Date.now();
  if (now - outageLog.saidAt >= OUTAGE_LOG_INTERVAL_MS) {
    request.log.warn(
      { err: error, answered: outageLog.answered },
      'the store is unavailable: answering 503 TS_STORE_UNAVAILABLE',
    );
    outageLog.saidAt = now;
    outageLog.answered = 0;
  }
  outageLog.answered++;
  reply.header('retry-after', String(STORE_RETRY_AFTER_SECONDS));
  return new StoreUnavailableError(
    `The database cannot be reached; try again in ${STORE_RETRY_AFTER_SECONDS} s.`,
  );
}

/** Answers any error as a problem document; 5xx details go to the log only. */
export function replyWithProblem(
  thrown: FastifyError & ProblemExtras,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const error =
    !thrown.code?.startsWith('TS_') && isStoreUnavailable(thrown)
      ? (storeUnavailable(thrown, request, reply) as FastifyError)
      : thrown;
  const problem = toProblem(error, request);
  if (problem.code === INTERNAL_CODE) request.log.error({ err: error }, 'request failed');
  return sendProblem(reply, problem);
}

/** Installs the error and not-found handlers on the root app (they apply to every plugin). */
export function useProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler(replyWithProblem);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      type: 'about:blank',
      title: 'Not found',
      status: 404,
      code: 'TS_NOT_FOUND',
      detail: `No route ${request.method} ${request.url.split('?')[0]}.`,
      instance: request.url,
    }),
  );
}

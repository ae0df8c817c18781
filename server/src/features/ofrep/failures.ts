import type { OfrepErrorCode, OfrepRequestFailure } from '@tripswitch/sdk/protocol';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ProblemExtras } from '../../errors.ts';
import { replyWithProblem, toProblem } from '../../infra/problem.ts';

// OFREP's error answers are its own shapes ({ key, errorCode, errorDetails }), which its
// providers parse on 400, 404 and 500; Tripswitch's are problem documents naming the field. An
// OFREP error answer is both at once: OFREP's fields beside the problem's, as
// application/problem+json (a JSON media type, which OFREP providers read as JSON).

/**
 * OFREP's code for a 400: a context that is not valid, or else a request that could not be read
 * (not JSON, nested too deep, a bad header). Other statuses are no OFREP failure.
 */
function ofrepCode(error: FastifyError): OfrepErrorCode | undefined {
  if (error.validation)
    return error.validationContext === 'body' ? 'INVALID_CONTEXT' : 'PARSE_ERROR';
  return error.statusCode === 400 ? 'PARSE_ERROR' : undefined;
}

/** The flag key of a single evaluation's path, when the request has one. */
function keyOf(request: FastifyRequest): string | undefined {
  const params = request.params as { key?: unknown } | undefined;
  return typeof params?.key === 'string' ? params.key : undefined;
}

/**
 * Sends an OFREP failure that is also a problem document, as JSON text: serialized through the
 * routes' problem schema it would lose OFREP's fields.
 */
export function sendFailure(reply: FastifyReply, failure: OfrepRequestFailure): FastifyReply {
  return reply.code(failure.status).type('application/problem+json').send(JSON.stringify(failure));
}

/**
 * The OFREP routes' error handler: every 400 (a context that is not valid, a body that is not
 * JSON) is OFREP's (INVALID_CONTEXT, PARSE_ERROR) with the problem's field errors; everything
 * else (401, 403, 413, 429, 503, a bug) is the app's usual problem, which OFREP leaves open.
 */
export function useOfrepFailures(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & ProblemExtras, request, reply) => {
    const errorCode = ofrepCode(error);
    if (errorCode === undefined) return replyWithProblem(error, request, reply);
    const problem = toProblem(error, request);
    const key = keyOf(request);
    const details = problem.errors?.map((field) => `${field.field} ${field.message}`).join('; ');
    return sendFailure(reply, {
      ...(key !== undefined && { key }),
      errorCode,
      errorDetails: details || problem.detail || 'The request could not be read.',
      ...problem,
    });
  });
}

import createError from '@fastify/error';
import type { FieldError, ProblemCode } from '@tripswitch/sdk/protocol';

// Every error a client can see, in one place: a stable code (TS_ prefix), a status and a message
// template. The error handler (infra/problem.ts) turns them into application/problem+json. The
// codes themselves are declared, with their meaning, in the protocol's PROBLEM_CODES.

/** An error class answering `status` with `code` and a detail made by whoever throws it. */
const declare = (code: ProblemCode, status: number) => createError(code, '%s', status);

export const ValidationError = declare('TS_VALIDATION', 400);
export const BodyTooDeepError = declare('TS_BODY_TOO_DEEP', 400);
export const UnauthorizedError = declare('TS_UNAUTHORIZED', 401);
export const ForbiddenError = declare('TS_FORBIDDEN', 403);
export const NotFoundError = declare('TS_NOT_FOUND', 404);
export const AlreadyExistsError = declare('TS_ALREADY_EXISTS', 409);
export const VersionConflictError = declare('TS_VERSION_CONFLICT', 409);
export const InUseError = declare('TS_IN_USE', 409);
export const NotArchivedError = declare('TS_NOT_ARCHIVED', 409);
export const RollbackInvalidError = declare('TS_ROLLBACK_INVALID', 422);
export const RolloutConflictError = declare('TS_ROLLOUT_CONFLICT', 409);
export const GuardrailTrippedError = declare('TS_GUARDRAIL_TRIPPED', 409);
export const TooManyStreamsError = declare('TS_TOO_MANY_STREAMS', 429);
/** The client address failed authentication too often; Retry-After says when it may try again. */
export const AuthRateLimitedError = declare('TS_AUTH_RATE_LIMITED', 429);
/** Deliberate and temporary (an instance draining): the client should retry, elsewhere. */
export const UnavailableError = declare('TS_UNAVAILABLE', 503);
/** Postgres cannot be reached (refused, dropped, pool exhausted): temporary, retry after a while. */
export const StoreUnavailableError = declare('TS_STORE_UNAVAILABLE', 503);

/** Codes for errors Fastify raises itself, keeping its status; anything else 4xx is TS_BAD_REQUEST. */
export const FRAMEWORK_CODES: Record<string, ProblemCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'TS_MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'TS_MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'TS_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'TS_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'TS_BAD_REQUEST',
  FST_ERR_BAD_URL: 'TS_BAD_REQUEST',
  FST_ERR_MAX_PARAM_LENGTH: 'TS_URI_TOO_LONG',
};

/** Every 5xx: the details stay in the log. */
export const INTERNAL_CODE: ProblemCode = 'TS_INTERNAL';

/** Field errors and the current state travel with an error to the problem document. */
export interface ProblemExtras {
  errors?: FieldError[];
  current?: unknown;
}

type ErrorClass = new (detail: string) => Error;

/** Makes an error of `type` carrying field errors and/or the current state. */
export function problem(type: ErrorClass, detail: string, extras: ProblemExtras = {}): Error {
  return Object.assign(new type(detail), extras);
}

/** A 400 listing what is wrong with the request, field by field. */
export function invalid(errors: FieldError[], detail = 'The request is not valid.'): Error {
  return problem(ValidationError, detail, { errors });
}

/** Prefixes each error's pointer, e.g. a config's `/rules/0` becomes `/body/config/rules/0`. */
export function under(prefix: string, errors: FieldError[]): FieldError[] {
  return errors.map((error) => ({ ...error, field: `${prefix}${error.field}` }));
}

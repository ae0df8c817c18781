import createError from '@fastify/error';
import type { FieldError } from '@tripswitch/sdk/protocol';

// Every error a client can see, in one place: a stable code (TS_ prefix), a status and a message
// template. The error handler (infra/problem.ts) turns them into application/problem+json.

export const ValidationError = createError('TS_VALIDATION', '%s', 400);
export const BodyTooDeepError = createError('TS_BODY_TOO_DEEP', '%s', 400);
export const UnauthorizedError = createError('TS_UNAUTHORIZED', '%s', 401);
export const ForbiddenError = createError('TS_FORBIDDEN', '%s', 403);
export const NotFoundError = createError('TS_NOT_FOUND', '%s', 404);
export const AlreadyExistsError = createError('TS_ALREADY_EXISTS', '%s', 409);
export const VersionConflictError = createError('TS_VERSION_CONFLICT', '%s', 409);
export const InUseError = createError('TS_IN_USE', '%s', 409);
export const NotArchivedError = createError('TS_NOT_ARCHIVED', '%s', 409);
export const RollbackInvalidError = createError('TS_ROLLBACK_INVALID', '%s', 422);
export const RolloutConflictError = createError('TS_ROLLOUT_CONFLICT', '%s', 409);
export const GuardrailTrippedError = createError('TS_GUARDRAIL_TRIPPED', '%s', 409);
export const TooManyStreamsError = createError('TS_TOO_MANY_STREAMS', '%s', 429);
/** Deliberate and temporary (an instance draining): the client should retry, elsewhere. */
export const UnavailableError = createError('TS_UNAVAILABLE', '%s', 503);

/** Codes for errors Fastify raises itself, keeping its status; anything else 4xx is TS_BAD_REQUEST. */
export const FRAMEWORK_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'TS_MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'TS_MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'TS_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'TS_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'TS_BAD_REQUEST',
  FST_ERR_BAD_URL: 'TS_BAD_REQUEST',
  FST_ERR_MAX_PARAM_LENGTH: 'TS_URI_TOO_LONG',
};

/** Every 5xx: the details stay in the log. */
export const INTERNAL_CODE = 'TS_INTERNAL';

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

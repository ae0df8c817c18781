import { type Static, Type } from '@sinclair/typebox';

/** One field-level error: `field` is a JSON pointer into the request, e.g. `/body/rules/0/serve`. */
export const FieldError = Type.Object({
  field: Type.String(),
  message: Type.String(),
});
export type FieldError = Static<typeof FieldError>;

/**
 * RFC 9457 problem details, served as `application/problem+json` for every error. `code` is stable
 * (e.g. `TS_VALIDATION`, `TS_VERSION_CONFLICT`) and safe to branch on; `title` and `detail` are for
 * people. A version conflict carries the current state in `current`.
 */
export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  code: Type.String(),
  detail: Type.Optional(Type.String()),
  instance: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(FieldError)),
  current: Type.Optional(Type.Unknown()),
});
export type Problem = Static<typeof Problem>;

/**
 * Every problem `code` Tripswitch answers with, and what it means. Codes are stable within a
 * major; a client meeting one it does not know treats it by its HTTP status.
 */
export const PROBLEM_CODES = {
  TS_VALIDATION: 'the request is not valid; `errors` names each field',
  TS_MALFORMED_JSON: 'the body is not JSON',
  TS_BODY_TOO_DEEP: 'the body nests deeper than 64 levels',
  TS_BODY_TOO_LARGE: 'the body is larger than 1 MB',
  TS_UNSUPPORTED_MEDIA_TYPE: 'bodies are application/json',
  TS_URI_TOO_LONG: 'a path parameter is too long',
  TS_BAD_REQUEST: 'the request is malformed',
  TS_UNAUTHORIZED: 'no token, or one unknown or revoked',
  TS_FORBIDDEN: 'the token is valid but of the wrong kind for this endpoint',
  TS_NOT_FOUND: 'no such resource or route',
  TS_ALREADY_EXISTS: 'a resource with that key exists',
  TS_VERSION_CONFLICT: 'the write was based on an older version; `current` is the state now',
  TS_IN_USE: 'the resource is referenced and cannot be deleted',
  TS_NOT_ARCHIVED: 'only an archived flag can be deleted',
  TS_ROLLBACK_INVALID: 'that version cannot be rolled back to',
  TS_ROLLOUT_CONFLICT: 'a progressive rollout is in the way',
  TS_GUARDRAIL_TRIPPED: 'a guardrail tripped the flag; a person re-arms it',
  TS_TOO_MANY_STREAMS: 'this token holds as many streams as this instance allows',
  TS_AUTH_RATE_LIMITED:
    'this client address failed authentication too often; wait Retry-After seconds (valid tokens already in use are not affected)',
  TS_UNAVAILABLE: 'this instance is shutting down; retry after Retry-After seconds, elsewhere',
  TS_STORE_UNAVAILABLE:
    'the database cannot be reached; retry after Retry-After seconds (what is served from memory still is)',
  TS_INGEST_BUSY: 'metrics arrive faster than they are written; retry after Retry-After seconds',
  TS_INTERNAL: 'a bug: the details are in the server log',
} as const;
/** A problem `code`, from PROBLEM_CODES. */
export type ProblemCode = keyof typeof PROBLEM_CODES;

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

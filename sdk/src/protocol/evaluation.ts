import { type Static, Type } from '@sinclair/typebox';
import { FlagKind } from './flag-config.ts';

/** Why a value was served; the names are OpenFeature's. */
export const Reason = Type.Union([
  Type.Literal('STATIC'),
  Type.Literal('TARGETING_MATCH'),
  Type.Literal('SPLIT'),
  Type.Literal('DEFAULT'),
  Type.Literal('DISABLED'),
  Type.Literal('ERROR'),
]);
export type Reason = Static<typeof Reason>;

/** What went wrong when the reason is ERROR; the names are OpenFeature's. */
export const ErrorCode = Type.Union([
  Type.Literal('FLAG_NOT_FOUND'),
  Type.Literal('TYPE_MISMATCH'),
  Type.Literal('PARSE_ERROR'),
  Type.Literal('PROVIDER_NOT_READY'),
  Type.Literal('GENERAL'),
  /** A rollout bucketed by the context key met a context without one. */
  Type.Literal('TARGETING_KEY_MISSING'),
  /** A rollout bucketed by another attribute met a context without a usable value for it. */
  Type.Literal('INVALID_CONTEXT'),
]);
export type ErrorCode = Static<typeof ErrorCode>;

/**
 * Who is being evaluated: `key` identifies the context (a user, a device, a tenant); any other
 * property is an attribute that conditions can test. Values are strings, numbers, booleans or
 * arrays of those.
 */
export type EvaluationContext = {
  key?: string;
  [attribute: string]: unknown;
};

/** The result of one evaluation, mirrored on the wire for client-side SDKs. */
export const EvaluationResult = Type.Object({
  value: Type.Unknown(),
  variant: Type.Optional(Type.String()),
  reason: Reason,
  /** Index of the matched rule in the flag's rules, when the reason is a rule match. */
  ruleIndex: Type.Optional(Type.Integer({ minimum: 0 })),
  ruleId: Type.Optional(Type.String()),
  errorCode: Type.Optional(ErrorCode),
  /** The flag environment's version that produced this result. */
  flagVersion: Type.Optional(Type.Integer()),
  /**
   * The kind of values the flag serves, so a client-side SDK reports TYPE_MISMATCH exactly as
   * local evaluation does (a json flag may serve a string; an error result has no value to tell).
   */
  kind: Type.Optional(FlagKind),
});
export type EvaluationResult = Static<typeof EvaluationResult>;

/** Every flag evaluated for one context, served to client-side (browser) SDKs, which never see rules. */
export const EvaluatedFlags = Type.Object({
  schemaVersion: Type.Integer({ minimum: 1 }),
  environment: Type.String(),
  revision: Type.Integer({ minimum: 0 }),
  flags: Type.Record(Type.String(), EvaluationResult),
});
export type EvaluatedFlags = Static<typeof EvaluatedFlags>;

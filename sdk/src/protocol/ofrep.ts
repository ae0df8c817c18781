import { type Static, Type } from '@sinclair/typebox';
import type { Endpoint } from './endpoints.ts';
import { FlagKey } from './keys.ts';
import { Problem } from './problem.ts';

// The OpenFeature Remote Evaluation Protocol (OFREP, open-feature/protocol service/openapi.yaml
// 0.3.0 and ADR-0008 for event streams), as Tripswitch serves it: any language's OFREP provider
// evaluates against Tripswitch with a server or client token. Error answers are OFREP's shapes
// and problem documents at once (the extra fields are allowed by both).

/** OFREP's context: `targetingKey` is the Tripswitch context key; the rest are attributes. */
export const OfrepContext = Type.Object(
  { targetingKey: Type.Optional(Type.String({ maxLength: 1024 })) },
  { additionalProperties: true },
);
export type OfrepContext = Static<typeof OfrepContext>;

/** The body of both evaluation calls. */
export const OfrepEvaluationRequest = Type.Object({ context: OfrepContext });
export type OfrepEvaluationRequest = Static<typeof OfrepEvaluationRequest>;

/** Flag (or flag set) metadata: primitive values only, as OpenFeature's flagMetadata. */
export const OfrepMetadata = Type.Record(
  Type.String(),
  Type.Union([Type.Boolean(), Type.String(), Type.Number()]),
);
export type OfrepMetadata = Static<typeof OfrepMetadata>;

/**
 * OpenFeature reasons of a successful evaluation. OFREP's enum omits DEFAULT (its ADR-0006 uses
 * it, and it is an OpenFeature reason): Tripswitch's default rule is reported as DEFAULT.
 */
export const OfrepReason = Type.Union([
  Type.Literal('STATIC'),
  Type.Literal('TARGETING_MATCH'),
  Type.Literal('SPLIT'),
  Type.Literal('DEFAULT'),
  Type.Literal('DISABLED'),
  Type.Literal('UNKNOWN'),
]);
export type OfrepReason = Static<typeof OfrepReason>;

/** One flag evaluated: metadata carries `flagVersion` and, when a rule matched, `ruleId`. */
export const OfrepEvaluationSuccess = Type.Object({
  key: FlagKey,
  value: Type.Unknown(),
  reason: OfrepReason,
  variant: Type.Optional(Type.String()),
  metadata: Type.Optional(OfrepMetadata),
});
export type OfrepEvaluationSuccess = Static<typeof OfrepEvaluationSuccess>;

/** Why a flag could not be evaluated; OFREP's error codes (OpenFeature's, spelled the same). */
export const OfrepErrorCode = Type.Union([
  Type.Literal('PARSE_ERROR'),
  Type.Literal('TARGETING_KEY_MISSING'),
  Type.Literal('INVALID_CONTEXT'),
  Type.Literal('GENERAL'),
  Type.Literal('FLAG_NOT_FOUND'),
]);
export type OfrepErrorCode = Static<typeof OfrepErrorCode>;

/** A flag that could not be evaluated (400 or 404 on its own, an item of a bulk answer). */
export const OfrepEvaluationFailure = Type.Object({
  key: Type.String(),
  errorCode: OfrepErrorCode,
  errorDetails: Type.Optional(Type.String()),
  metadata: Type.Optional(OfrepMetadata),
});
export type OfrepEvaluationFailure = Static<typeof OfrepEvaluationFailure>;

/** OFREP's failure of a whole request, which is also a problem document. */
export const OfrepRequestFailure = Type.Intersect([
  Type.Object({
    key: Type.Optional(Type.String()),
    errorCode: OfrepErrorCode,
    errorDetails: Type.Optional(Type.String()),
  }),
  Problem,
]);
export type OfrepRequestFailure = Static<typeof OfrepRequestFailure>;

/**
 * Where a provider hears about changes (ADR-0008): an SSE stream of `refetchEvaluation` events.
 * Tripswitch gives `endpoint.requestUri` (no origin), so it resolves against the provider's base
 * URL whatever proxy stands in front.
 */
export const OfrepEventStream = Type.Object({
  type: Type.Literal('sse'),
  url: Type.Optional(Type.String()),
  endpoint: Type.Optional(
    Type.Object({
      origin: Type.Optional(Type.String()),
      requestUri: Type.String({ pattern: '^/' }),
    }),
  ),
  inactivityDelaySec: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type OfrepEventStream = Static<typeof OfrepEventStream>;

/** Every flag evaluated for one context; metadata says the environment and its revision. */
export const OfrepBulkEvaluation = Type.Object({
  flags: Type.Array(Type.Union([OfrepEvaluationSuccess, OfrepEvaluationFailure])),
  metadata: Type.Optional(OfrepMetadata),
  eventStreams: Type.Optional(Type.Array(OfrepEventStream)),
});
export type OfrepBulkEvaluation = Static<typeof OfrepBulkEvaluation>;

/** The query of a bulk call that an event triggered (ADR-0008): the event's metadata. */
export const OfrepBulkQuery = Type.Object({
  flagConfigEtag: Type.Optional(Type.String({ maxLength: 64 })),
  flagConfigLastModified: Type.Optional(Type.String({ maxLength: 64 })),
});
export type OfrepBulkQuery = Static<typeof OfrepBulkQuery>;

/** The JSON data of an OFREP SSE event (`event: message`); `etag` is the revision's ETag. */
export const OfrepRefetchEvent = Type.Object({
  type: Type.Literal('refetchEvaluation'),
  etag: Type.Optional(Type.String()),
  lastModified: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.String()])),
});
export type OfrepRefetchEvent = Static<typeof OfrepRefetchEvent>;

/** What the events URL carries instead of a header (EventSource sends none). */
export const OfrepEventsQuery = Type.Object(
  { ticket: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}\\.[A-Za-z0-9_-]{43}$' }) },
  { additionalProperties: false },
);
export type OfrepEventsQuery = Static<typeof OfrepEventsQuery>;

/** The prefix of every OFREP path; providers are configured with the origin in front of it. */
export const OFREP_PREFIX = '/ofrep/v1';

const define = <const E extends Endpoint>(endpoint: E): E => endpoint;

/** OFREP's endpoints, with a server or a client token: the server evaluates the context. */
export const ofrepApi = {
  evaluateFlag: define({
    method: 'POST',
    path: '/ofrep/v1/evaluate/flags/:key',
    tag: 'ofrep',
    status: 200,
    summary:
      'OFREP: one flag evaluated for the posted context (server or client token); 404 FLAG_NOT_FOUND, 400 INVALID_CONTEXT / PARSE_ERROR / TARGETING_KEY_MISSING',
    params: Type.Object({ key: Type.String({ maxLength: 256 }) }),
    body: OfrepEvaluationRequest,
    response: OfrepEvaluationSuccess,
  }),
  evaluateFlags: define({
    method: 'POST',
    path: '/ofrep/v1/evaluate/flags',
    tag: 'ofrep',
    status: 200,
    summary:
      'OFREP: every flag evaluated for the posted context (server or client token); ETag per revision and context, If-None-Match gives 304; eventStreams names the change stream',
    query: OfrepBulkQuery,
    body: OfrepEvaluationRequest,
    response: OfrepBulkEvaluation,
  }),
  events: define({
    method: 'GET',
    path: '/ofrep/v1/events',
    tag: 'ofrep',
    status: 200,
    summary:
      'OFREP change notifications (ADR-0008), the URL a bulk answer gives in eventStreams: SSE `message` events with data { type: refetchEvaluation, etag }, id = revision; Last-Event-ID resumes',
    query: OfrepEventsQuery,
  }),
} as const;

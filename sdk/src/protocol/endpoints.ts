import { type TSchema, Type } from '@sinclair/typebox';
import { EvaluatedFlags } from './evaluation.ts';
import { eventsApi, guardrailApi } from './guardrail-endpoints.ts';
import { EnvironmentKey, FlagKey, SegmentKey } from './keys.ts';
import * as R from './requests.ts';
import {
  AuditEntry,
  CreatedToken,
  Environment,
  Flag,
  FlagEnvironment,
  FlagVersion,
  Page,
  Segment,
  Token,
} from './resources.ts';
import { Snapshot } from './snapshot.ts';

/**
 * One HTTP endpoint: the server registers its route from this, the admin client calls it from
 * this, and the OpenAPI document describes it from this. Paths use Fastify's `:param` form.
 */
export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  summary: string;
  tag: string;
  /** Success status; 204 has no body. */
  status: 200 | 201 | 204;
  params?: TSchema;
  query?: TSchema;
  body?: TSchema;
  response?: TSchema;
}

const define = <const E extends Endpoint>(endpoint: E): E => endpoint;

const FlagParams = Type.Object({ flagKey: FlagKey }, { additionalProperties: false });
const EnvParams = Type.Object({ environment: EnvironmentKey }, { additionalProperties: false });
const FlagEnvParams = Type.Object(
  { flagKey: FlagKey, environment: EnvironmentKey },
  { additionalProperties: false },
);
const VersionParams = Type.Object(
  { flagKey: FlagKey, environment: EnvironmentKey, version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
const SegmentParams = Type.Object(
  { environment: EnvironmentKey, segmentKey: SegmentKey },
  { additionalProperties: false },
);
const TokenParams = Type.Object(
  { tokenId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) },
  { additionalProperties: false },
);

/** The REST API for automation and the dashboard (admin token). */
export const api = {
  listEnvironments: define({
    method: 'GET',
    path: '/api/v1/environments',
    tag: 'environments',
    status: 200,
    summary: 'List environments',
    response: Type.Object({ items: Type.Array(Environment) }),
  }),
  createEnvironment: define({
    method: 'POST',
    path: '/api/v1/environments',
    tag: 'environments',
    status: 201,
    summary: 'Create an environment; every flag gets a configuration in it, off',
    body: R.CreateEnvironmentBody,
    response: Environment,
  }),
  getEnvironment: define({
    method: 'GET',
    path: '/api/v1/environments/:environment',
    tag: 'environments',
    status: 200,
    summary: 'Get an environment',
    params: EnvParams,
    response: Environment,
  }),
  updateEnvironment: define({
    method: 'PATCH',
    path: '/api/v1/environments/:environment',
    tag: 'environments',
    status: 200,
    summary: 'Rename an environment or change whether it asks for confirmation',
    params: EnvParams,
    body: R.UpdateEnvironmentBody,
    response: Environment,
  }),
  deleteEnvironment: define({
    method: 'DELETE',
    path: '/api/v1/environments/:environment',
    tag: 'environments',
    status: 204,
    summary: 'Delete an environment with its flag configurations, segments and tokens',
    params: EnvParams,
  }),

  listFlags: define({
    method: 'GET',
    path: '/api/v1/flags',
    tag: 'flags',
    status: 200,
    summary: 'List flags, with their on/off state in every environment',
    query: R.ListFlagsQuery,
    response: Page(Flag),
  }),
  createFlag: define({
    method: 'POST',
    path: '/api/v1/flags',
    tag: 'flags',
    status: 201,
    summary: 'Create a flag; it starts off in every environment',
    body: R.CreateFlagBody,
    response: Flag,
  }),
  getFlag: define({
    method: 'GET',
    path: '/api/v1/flags/:flagKey',
    tag: 'flags',
    status: 200,
    summary: 'Get a flag',
    params: FlagParams,
    response: Flag,
  }),
  updateFlag: define({
    method: 'PATCH',
    path: '/api/v1/flags/:flagKey',
    tag: 'flags',
    status: 200,
    summary: "Change a flag's name, description, variants, tags or owner",
    params: FlagParams,
    body: R.UpdateFlagBody,
    response: Flag,
  }),
  archiveFlag: define({
    method: 'POST',
    path: '/api/v1/flags/:flagKey/archive',
    tag: 'flags',
    status: 200,
    summary: 'Archive a flag: SDKs stop seeing it; its history is kept',
    params: FlagParams,
    body: R.ArchiveFlagBody,
    response: Flag,
  }),
  unarchiveFlag: define({
    method: 'POST',
    path: '/api/v1/flags/:flagKey/unarchive',
    tag: 'flags',
    status: 200,
    summary: 'Bring an archived flag back',
    params: FlagParams,
    body: R.ArchiveFlagBody,
    response: Flag,
  }),
  deleteFlag: define({
    method: 'DELETE',
    path: '/api/v1/flags/:flagKey',
    tag: 'flags',
    status: 204,
    summary: 'Delete an archived flag for good (its audit entries stay)',
    params: FlagParams,
  }),

  getFlagEnvironment: define({
    method: 'GET',
    path: '/api/v1/flags/:flagKey/environments/:environment',
    tag: 'flag environments',
    status: 200,
    summary: "Get a flag's configuration in one environment",
    params: FlagEnvParams,
    response: FlagEnvironment,
  }),
  updateFlagEnvironment: define({
    method: 'PUT',
    path: '/api/v1/flags/:flagKey/environments/:environment',
    tag: 'flag environments',
    status: 200,
    summary: "Replace a flag's configuration in one environment (writes a new version)",
    params: FlagEnvParams,
    body: R.UpdateFlagEnvironmentBody,
    response: FlagEnvironment,
  }),
  killFlag: define({
    method: 'POST',
    path: '/api/v1/flags/:flagKey/environments/:environment/kill',
    tag: 'flag environments',
    status: 200,
    summary:
      'The kill switch: turn the flag off in this environment; everyone gets the off variation',
    params: FlagEnvParams,
    body: R.SwitchBody,
    response: FlagEnvironment,
  }),
  enableFlag: define({
    method: 'POST',
    path: '/api/v1/flags/:flagKey/environments/:environment/enable',
    tag: 'flag environments',
    status: 200,
    summary: 'Turn the flag on in this environment: targets, rules and the default rule apply',
    params: FlagEnvParams,
    body: R.SwitchBody,
    response: FlagEnvironment,
  }),
  listFlagVersions: define({
    method: 'GET',
    path: '/api/v1/flags/:flagKey/environments/:environment/versions',
    tag: 'flag environments',
    status: 200,
    summary: 'List versions, newest first',
    params: FlagEnvParams,
    query: R.PageQuery,
    response: Page(FlagVersion),
  }),
  getFlagVersion: define({
    method: 'GET',
    path: '/api/v1/flags/:flagKey/environments/:environment/versions/:version',
    tag: 'flag environments',
    status: 200,
    summary: 'Get one version',
    params: VersionParams,
    response: FlagVersion,
  }),
  rollbackFlag: define({
    method: 'POST',
    path: '/api/v1/flags/:flagKey/environments/:environment/versions/:version/rollback',
    tag: 'flag environments',
    status: 200,
    summary: 'Write a new version equal to this earlier one (history is never rewritten)',
    params: VersionParams,
    body: R.RollbackBody,
    response: FlagEnvironment,
  }),

  listSegments: define({
    method: 'GET',
    path: '/api/v1/environments/:environment/segments',
    tag: 'segments',
    status: 200,
    summary: 'List segments in an environment',
    params: EnvParams,
    query: R.PageQuery,
    response: Page(Segment),
  }),
  createSegment: define({
    method: 'POST',
    path: '/api/v1/environments/:environment/segments',
    tag: 'segments',
    status: 201,
    summary: 'Create a segment',
    params: EnvParams,
    body: R.CreateSegmentBody,
    response: Segment,
  }),
  getSegment: define({
    method: 'GET',
    path: '/api/v1/environments/:environment/segments/:segmentKey',
    tag: 'segments',
    status: 200,
    summary: 'Get a segment',
    params: SegmentParams,
    response: Segment,
  }),
  updateSegment: define({
    method: 'PATCH',
    path: '/api/v1/environments/:environment/segments/:segmentKey',
    tag: 'segments',
    status: 200,
    summary: 'Change a segment',
    params: SegmentParams,
    body: R.UpdateSegmentBody,
    response: Segment,
  }),
  deleteSegment: define({
    method: 'DELETE',
    path: '/api/v1/environments/:environment/segments/:segmentKey',
    tag: 'segments',
    status: 204,
    summary: 'Delete a segment no flag uses',
    params: SegmentParams,
  }),

  listTokens: define({
    method: 'GET',
    path: '/api/v1/tokens',
    tag: 'tokens',
    status: 200,
    summary: 'List API tokens',
    response: Type.Object({ items: Type.Array(Token) }),
  }),
  createToken: define({
    method: 'POST',
    path: '/api/v1/tokens',
    tag: 'tokens',
    status: 201,
    summary: 'Create a token; the secret is in this response only',
    body: R.CreateTokenBody,
    response: CreatedToken,
  }),
  revokeToken: define({
    method: 'DELETE',
    path: '/api/v1/tokens/:tokenId',
    tag: 'tokens',
    status: 200,
    summary: 'Revoke a token; it stops working at once',
    params: TokenParams,
    response: Token,
  }),

  listAudit: define({
    method: 'GET',
    path: '/api/v1/audit',
    tag: 'audit',
    status: 200,
    summary: 'Query the audit log, newest first',
    query: R.AuditQuery,
    response: Page(AuditEntry),
  }),

  ...guardrailApi,
} as const;

/**
 * The change feed (admin token): what the dashboard follows to stay current. A stream, so it is
 * not among the admin client's calls: `followChanges` in `@tripswitch/sdk/admin` reads it.
 */
export const changeFeedApi = {
  changes: define({
    method: 'GET',
    path: '/api/v1/changes',
    tag: 'environments',
    status: 200,
    summary:
      "Server-sent events (admin token): a `change` event, data { environment, revision }, as soon as an environment's revision moves on any instance; heartbeats every 15 s",
  }),
} as const;

/** What a `change` event of the change feed carries. */
export interface EnvironmentRevision {
  environment: string;
  revision: number;
}

/** The SDK endpoints: a server token for the snapshot and stream, a client token for evaluations. */
export const sdkApi = {
  snapshot: define({
    method: 'GET',
    path: '/sdk/v1/snapshot',
    tag: 'sdk',
    status: 200,
    summary:
      'The environment snapshot (server token); ETag is the revision, If-None-Match gives 304',
    response: Snapshot,
  }),
  stream: define({
    method: 'GET',
    path: '/sdk/v1/stream',
    tag: 'sdk',
    status: 200,
    summary:
      'Server-sent events (server token): a snapshot event on connect, then one change event per change, id = revision; send Last-Event-ID to resume',
  }),
  clientStream: define({
    method: 'GET',
    path: '/sdk/v1/client-stream',
    tag: 'sdk',
    status: 200,
    summary:
      'Server-sent events (client token): a revision event ({ revision, spreadMs }) on connect and after every change, so browsers fetch their evaluations again, each after a random delay within spreadMs',
  }),
  evaluate: define({
    method: 'POST',
    path: '/sdk/v1/evaluate',
    tag: 'sdk',
    status: 200,
    summary: 'Every flag evaluated for one context (client token): results only, never rules',
    body: Type.Object(
      { context: Type.Record(Type.String(), Type.Unknown()) },
      { additionalProperties: false },
    ),
    response: EvaluatedFlags,
  }),
  ...eventsApi,
} as const;

export type ApiEndpoints = typeof api;
export type ApiEndpointName = keyof ApiEndpoints;

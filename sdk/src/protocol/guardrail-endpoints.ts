import { Type } from '@sinclair/typebox';
import type { Endpoint } from './endpoints.ts';
import { EventsBatch } from './events.ts';
import * as G from './guardrails.ts';
import { EnvironmentKey, FlagKey } from './keys.ts';
import { PageQuery } from './requests.ts';
import { Page } from './resources.ts';

// The trip switch's endpoints, spread into the `api` and `sdkApi` tables of endpoints.ts. Kept in
// their own file (with their own `define`, so there is no import cycle) to keep that table short.

const define = <const E extends Endpoint>(endpoint: E): E => endpoint;

const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
const FlagEnvParams = Type.Object(
  { flagKey: FlagKey, environment: EnvironmentKey },
  { additionalProperties: false },
);
const GuardrailParams = Type.Object(
  { flagKey: FlagKey, environment: EnvironmentKey, guardrailId: Id },
  { additionalProperties: false },
);
const WebhookParams = Type.Object({ webhookId: Id }, { additionalProperties: false });

const flagEnvironment = '/api/v1/flags/:flagKey/environments/:environment';

/** Guardrails, progressive rollouts, metrics and webhooks (admin token). */
export const guardrailApi = {
  listGuardrails: define({
    method: 'GET',
    path: `${flagEnvironment}/guardrails`,
    tag: 'guardrails',
    status: 200,
    summary: "List a flag environment's guardrails, each evaluated now over its evidence",
    params: FlagEnvParams,
    response: Type.Object({ items: Type.Array(G.Guardrail) }),
  }),
  createGuardrail: define({
    method: 'POST',
    path: `${flagEnvironment}/guardrails`,
    tag: 'guardrails',
    status: 201,
    summary: 'Add a guardrail: a metric, a threshold, a minimum sample, a window and an action',
    params: FlagEnvParams,
    body: G.CreateGuardrailBody,
    response: G.Guardrail,
  }),
  getGuardrail: define({
    method: 'GET',
    path: `${flagEnvironment}/guardrails/:guardrailId`,
    tag: 'guardrails',
    status: 200,
    summary: 'Get a guardrail, evaluated now, with its last trip',
    params: GuardrailParams,
    response: G.Guardrail,
  }),
  updateGuardrail: define({
    method: 'PATCH',
    path: `${flagEnvironment}/guardrails/:guardrailId`,
    tag: 'guardrails',
    status: 200,
    summary: "Change a guardrail's threshold, sample, window, confidence, action or control",
    params: GuardrailParams,
    body: G.UpdateGuardrailBody,
    response: G.Guardrail,
  }),
  deleteGuardrail: define({
    method: 'DELETE',
    path: `${flagEnvironment}/guardrails/:guardrailId`,
    tag: 'guardrails',
    status: 204,
    summary: 'Remove a guardrail',
    params: GuardrailParams,
  }),
  rearmGuardrail: define({
    method: 'POST',
    path: `${flagEnvironment}/guardrails/:guardrailId/rearm`,
    tag: 'guardrails',
    status: 200,
    summary:
      'Re-arm a tripped guardrail: it watches data from now on (the flag stays as the trip left it)',
    params: GuardrailParams,
    body: G.RearmGuardrailBody,
    response: G.Guardrail,
  }),
  replayGuardrail: define({
    method: 'POST',
    path: `${flagEnvironment}/guardrails/replay`,
    tag: 'guardrails',
    status: 200,
    summary:
      'Re-judge stored metrics with a guardrail (new or existing) and answer when, if ever, it would have tripped',
    params: FlagEnvParams,
    body: G.ReplayGuardrailBody,
    response: G.GuardrailReplay,
  }),

  getRollout: define({
    method: 'GET',
    path: `${flagEnvironment}/rollout`,
    tag: 'rollouts',
    status: 200,
    summary: 'The progressive rollout of a flag environment (the running one, else the latest)',
    params: FlagEnvParams,
    response: G.ProgressiveRollout,
  }),
  startRollout: define({
    method: 'POST',
    path: `${flagEnvironment}/rollout`,
    tag: 'rollouts',
    status: 201,
    summary:
      'Start a progressive rollout: turns the flag on with the first step; later steps follow by themselves while guardrails hold',
    params: FlagEnvParams,
    body: G.StartRolloutBody,
    response: G.ProgressiveRollout,
  }),
  pauseRollout: define({
    method: 'POST',
    path: `${flagEnvironment}/rollout/pause`,
    tag: 'rollouts',
    status: 200,
    summary: 'Pause the rollout at its current step (guardrails keep watching)',
    params: FlagEnvParams,
    body: G.RolloutControlBody,
    response: G.ProgressiveRollout,
  }),
  resumeRollout: define({
    method: 'POST',
    path: `${flagEnvironment}/rollout/resume`,
    tag: 'rollouts',
    status: 200,
    summary: "Resume a paused rollout; the current step's hold starts again",
    params: FlagEnvParams,
    body: G.RolloutControlBody,
    response: G.ProgressiveRollout,
  }),
  abortRollout: define({
    method: 'POST',
    path: `${flagEnvironment}/rollout/abort`,
    tag: 'rollouts',
    status: 200,
    summary: 'Abort the rollout: the default rule serves the control variant to everyone',
    params: FlagEnvParams,
    body: G.RolloutControlBody,
    response: G.ProgressiveRollout,
  }),

  getMetrics: define({
    method: 'GET',
    path: `${flagEnvironment}/metrics`,
    tag: 'guardrails',
    status: 200,
    summary:
      'Evaluations, outcomes, error rate, latency percentiles and custom events per variant over time',
    params: FlagEnvParams,
    query: G.MetricsQuery,
    response: G.MetricSeries,
  }),

  listWebhooks: define({
    method: 'GET',
    path: '/api/v1/webhooks',
    tag: 'webhooks',
    status: 200,
    summary: 'List webhooks',
    response: Type.Object({ items: Type.Array(G.Webhook) }),
  }),
  createWebhook: define({
    method: 'POST',
    path: '/api/v1/webhooks',
    tag: 'webhooks',
    status: 201,
    summary: 'Add a webhook; its signing secret is in this response only',
    body: G.CreateWebhookBody,
    response: G.CreatedWebhook,
  }),
  deleteWebhook: define({
    method: 'DELETE',
    path: '/api/v1/webhooks/:webhookId',
    tag: 'webhooks',
    status: 204,
    summary: 'Remove a webhook and its pending deliveries',
    params: WebhookParams,
  }),
  listWebhookDeliveries: define({
    method: 'GET',
    path: '/api/v1/webhooks/:webhookId/deliveries',
    tag: 'webhooks',
    status: 200,
    summary: "A webhook's deliveries, newest first",
    params: WebhookParams,
    query: PageQuery,
    response: Page(G.WebhookDelivery),
  }),
} as const;

/** The SDK's outcome metrics (server token). */
export const eventsApi = {
  events: define({
    method: 'POST',
    path: '/sdk/v1/events',
    tag: 'sdk',
    status: 204,
    summary:
      'Counters from a server SDK: evaluations, outcomes, errors, latency and custom events per flag and variant',
    body: EventsBatch,
  }),
} as const;

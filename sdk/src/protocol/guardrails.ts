import { type Static, Type } from '@sinclair/typebox';
import { EventName } from './events.ts';
import { ROLLOUT_TOTAL } from './flag-config.ts';
import { AttributeName, EnvironmentKey, FlagKey, VariantKey } from './keys.ts';

// Guardrails and progressive rollouts (the trip switch): resources and request bodies. A guardrail
// watches one metric of a flag environment per variant and trips (kills the flag, or reverts it to
// the version before the rollout began) when a treatment is significantly worse than its limit.

const Timestamp = Type.String({ format: 'date-time' });
const Comment = Type.String({
  maxLength: 2000,
  description: 'Why; kept in the audit log.',
});
const strict = { additionalProperties: false } as const;

/** What a guardrail watches, per variant. */
export const GuardrailMetric = Type.Union(
  [
    Type.Literal('errorRate'),
    Type.Literal('latencyP95'),
    Type.Literal('latencyP99'),
    Type.Literal('eventRate'),
  ],
  {
    description:
      'errorRate: failed outcomes / outcomes. latencyP95, latencyP99: outcome latency percentiles (ms). eventRate: occurrences of `event` / evaluations (a bad event: higher is worse).',
  },
);
export type GuardrailMetric = Static<typeof GuardrailMetric>;

/**
 * The limit a treatment variant must stay under. `absolute`: a rate in [0, 1] or a latency in ms.
 * `relative`: a fraction above the control variant (0.5 allows 50% worse than control).
 */
export const GuardrailThreshold = Type.Object(
  {
    kind: Type.Union([Type.Literal('absolute'), Type.Literal('relative')]),
    value: Type.Number({ minimum: 0, maximum: 1_000_000 }),
  },
  strict,
);
export type GuardrailThreshold = Static<typeof GuardrailThreshold>;

/** What a trip does: turn the flag off (kill), or write back the version before the rollout began. */
export const GuardrailAction = Type.Union([Type.Literal('kill'), Type.Literal('revert')]);
export type GuardrailAction = Static<typeof GuardrailAction>;

const MinimumSample = Type.Integer({
  minimum: 1,
  maximum: 1_000_000_000,
  description:
    'No verdict on a variant (nor on its control) with fewer outcomes (evaluations for eventRate) in its evidence.',
});
const WindowSeconds = Type.Integer({
  minimum: 1,
  maximum: 30 * 86_400,
  description:
    'For long-lived guardrails: evidence restarts every windowSeconds (tumbling windows from arming), and the false-trip budget holds per window. Null (the default): one sequence from arming, for the whole rollout.',
});
const Confidence = Type.Number({
  minimum: 0.5,
  maximum: 0.9999,
  description:
    "1 - the probability that this flag environment's guardrails ever trip a variant within its limits (0.99: 1%), over all looks of a rollout, at any cadence, for any duration. The strictest confidence among a flag environment's armed guardrails is its budget, split equally over guardrails and treatments.",
});

const Shadow = Type.Boolean({
  description:
    "Shadow mode: judge and record the first would-be trip (shadowTrip), never act, never hold a rollout, spend none of the armed guardrails' budget. Turning it off arms the guardrail with a fresh sequence.",
});

/** A new guardrail on a flag environment. */
export const CreateGuardrailBody = Type.Object(
  {
    metric: GuardrailMetric,
    /** Required for eventRate, forbidden otherwise. */
    event: Type.Optional(EventName),
    threshold: GuardrailThreshold,
    /** Default 200. */
    minimumSample: Type.Optional(MinimumSample),
    /** Default null: one sequence from arming. */
    windowSeconds: Type.Optional(Type.Union([WindowSeconds, Type.Null()])),
    /** Default 0.99. */
    confidence: Type.Optional(Confidence),
    /** Default kill. */
    action: Type.Optional(GuardrailAction),
    /** Default false. */
    shadow: Type.Optional(Shadow),
    /** The variant treatments are compared with; default the running rollout's control, else the off variation. */
    controlVariant: Type.Optional(VariantKey),
    comment: Type.Optional(Comment),
  },
  strict,
);
export type CreateGuardrailBody = Static<typeof CreateGuardrailBody>;

/** Changes to a guardrail; its metric stays (make another guardrail for another metric). */
export const UpdateGuardrailBody = Type.Object(
  {
    event: Type.Optional(EventName),
    threshold: Type.Optional(GuardrailThreshold),
    minimumSample: Type.Optional(MinimumSample),
    windowSeconds: Type.Optional(Type.Union([WindowSeconds, Type.Null()])),
    confidence: Type.Optional(Confidence),
    action: Type.Optional(GuardrailAction),
    shadow: Type.Optional(Shadow),
    controlVariant: Type.Optional(Type.Union([VariantKey, Type.Null()])),
    comment: Type.Optional(Comment),
  },
  strict,
);
export type UpdateGuardrailBody = Static<typeof UpdateGuardrailBody>;

/** What one variant measured in a guardrail's evidence (since `from`). */
export const VariantFigures = Type.Object({
  variant: VariantKey,
  /** Outcomes (evaluations for eventRate, latencies for latency metrics) since `from`. */
  sample: Type.Integer(),
  /** The metric: a rate in [0, 1] or a latency in ms; null without data. */
  value: Type.Union([Type.Number(), Type.Null()]),
});
export type VariantFigures = Static<typeof VariantFigures>;

/** A treatment compared with its limit. */
export const TreatmentVerdict = Type.Object({
  ...VariantFigures.properties,
  /**
   * The limit it must stay under: the absolute threshold, or the control's value raised by it (for
   * latency against the control: its percentile over the first buckets, raised by the threshold).
   */
  limit: Type.Union([Type.Number(), Type.Null()]),
  /**
   * The sequential test's e-value (likelihood ratio of "worse than the limit" to "within it",
   * mixed over how much worse): it starts at 1, and a breach needs it at `threshold` or above.
   */
  evidence: Type.Union([Type.Number(), Type.Null()]),
  /**
   * The lower end of the confidence sequence at the guardrail's alpha: the rate (absolute rates),
   * the share of calls above the limit (absolute latency), or treatment / control (relative).
   * Given with a breach, which it explains; null otherwise.
   */
  bound: Type.Union([Type.Number(), Type.Null()]),
  outcome: Type.Union([
    Type.Literal('healthy'),
    Type.Literal('insufficientSample'),
    Type.Literal('breached'),
  ]),
});
export type TreatmentVerdict = Static<typeof TreatmentVerdict>;

/** Why a guardrail holds its rollout without judging: the data cannot be trusted. */
export const GuardrailHold = Type.Object({
  reason: Type.Union([
    /** Each variant's share of evaluations is far from its configured weight. */
    Type.Literal('sampleRatioMismatch'),
    /** Counts that are not finite, negative or inconsistent. */
    Type.Literal('invalidData'),
    /** A guardrail relative to the control, whose control has no traffic. */
    Type.Literal('noControlTraffic'),
  ]),
  message: Type.String(),
});
export type GuardrailHold = Static<typeof GuardrailHold>;

/**
 * A guardrail evaluated over its evidence since `from`: healthy, waiting for samples, held by a
 * data problem, or breached (a trip).
 */
export const GuardrailEvaluation = Type.Object({
  evaluatedAt: Timestamp,
  from: Timestamp,
  to: Timestamp,
  outcome: Type.Union([
    Type.Literal('healthy'),
    Type.Literal('insufficientSample'),
    Type.Literal('breached'),
    /** Not judged: the data cannot be trusted (see `hold`); the rollout waits. */
    Type.Literal('held'),
    /** Not evaluated: the flag is off, or the guardrail already tripped. */
    Type.Literal('idle'),
  ]),
  control: Type.Union([VariantFigures, Type.Null()]),
  treatments: Type.Array(TreatmentVerdict),
  /**
   * The false-trip probability spent on each treatment's test: the flag environment's budget
   * (1 - the strictest confidence of its armed guardrails) over its guardrails x treatments.
   */
  alpha: Type.Union([Type.Number(), Type.Null()]),
  /** The evidence a breach needs: 1 / alpha. */
  threshold: Type.Union([Type.Number(), Type.Null()]),
  hold: Type.Union([GuardrailHold, Type.Null()]),
  /** The verdict in one sentence, with the figures. */
  summary: Type.String(),
});
export type GuardrailEvaluation = Static<typeof GuardrailEvaluation>;

/** A recorded trip: what was measured and what the action wrote. */
export const GuardrailTrip = Type.Object({
  at: Timestamp,
  action: GuardrailAction,
  evaluation: GuardrailEvaluation,
  /** The flag environment version the action wrote; null while it is still being applied. */
  version: Type.Union([Type.Integer(), Type.Null()]),
});
export type GuardrailTrip = Static<typeof GuardrailTrip>;

/** A guardrail with its state, its last trip and its verdict now. */
export const Guardrail = Type.Object({
  id: Type.String(),
  flagKey: FlagKey,
  environment: EnvironmentKey,
  metric: GuardrailMetric,
  event: Type.Union([EventName, Type.Null()]),
  threshold: GuardrailThreshold,
  minimumSample: Type.Integer(),
  /** Null: one sequence from arming (the default). */
  windowSeconds: Type.Union([Type.Integer(), Type.Null()]),
  confidence: Type.Number(),
  action: GuardrailAction,
  controlVariant: Type.Union([VariantKey, Type.Null()]),
  /** A tripped guardrail stays tripped, and blocks rollouts, until a person re-arms it. */
  state: Type.Union([Type.Literal('armed'), Type.Literal('tripped')]),
  /**
   * When its current sequence of evidence began: created, re-armed, or its test changed. Older data
   * is never held against the flag (with a window, the current window began at or after this).
   */
  armedAt: Timestamp,
  trip: Type.Union([GuardrailTrip, Type.Null()]),
  shadow: Type.Boolean(),
  /** In shadow mode: when it would first have tripped since arming, and why; null otherwise. */
  shadowTrip: Type.Union([
    Type.Object({ at: Timestamp, evaluation: GuardrailEvaluation }),
    Type.Null(),
  ]),
  /** The guardrail evaluated now, over its evidence since the sequence began. */
  status: GuardrailEvaluation,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Guardrail = Static<typeof Guardrail>;

/** The most stored history a replay judges at once. */
export const REPLAY_MAX_SECONDS = 86_400;

/** What a replay judges with: a new guardrail's test, without what it would do. */
const {
  action: _action,
  shadow: _shadow,
  comment: _comment,
  ...replayed
} = CreateGuardrailBody.properties;
export const ReplayDefinition = Type.Object(replayed, strict);
export type ReplayDefinition = Static<typeof ReplayDefinition>;

/** A replay: one of `guardrailId` (an existing guardrail's test) or `guardrail` (a new one). */
export const ReplayGuardrailBody = Type.Object(
  {
    guardrailId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })),
    guardrail: Type.Optional(ReplayDefinition),
    /** Where the replayed sequence begins (as if armed then). */
    from: Timestamp,
    /** Default: now. At most a day after `from`. */
    to: Type.Optional(Timestamp),
  },
  strict,
);
export type ReplayGuardrailBody = Static<typeof ReplayGuardrailBody>;

/**
 * A replay's answer: the guardrail judged at every bucket end from `from` to `to` on the stored
 * metrics, as the trip switch would have. The split check is not replayed (the configuration's
 * history is not part of it).
 */
export const GuardrailReplay = Type.Object({
  from: Timestamp,
  to: Timestamp,
  /** How many looks it judged. */
  looks: Type.Integer(),
  /** The first look at which it would have tripped; null: it never would have. */
  trippedAt: Type.Union([Timestamp, Type.Null()]),
  /** The evaluation at that look, or at the last one. */
  evaluation: GuardrailEvaluation,
});
export type GuardrailReplay = Static<typeof GuardrailReplay>;

/** Re-arming a tripped guardrail: why, for the audit log. */
export const RearmGuardrailBody = Type.Object({ comment: Type.Optional(Comment) }, strict);
export type RearmGuardrailBody = Static<typeof RearmGuardrailBody>;

/** One step of a progressive rollout: the treatment's share, then a hold before the next step. */
export const RolloutStep = Type.Object(
  {
    /** The treatment's share in 0.001% units, as rollout weights: 1000 is 1%, 100000 everyone. */
    share: Type.Integer({ minimum: 1, maximum: ROLLOUT_TOTAL }),
    /** How long to hold this step, at least, before advancing (guardrails must also be healthy). */
    holdSeconds: Type.Integer({ minimum: 0, maximum: 30 * 86_400 }),
  },
  strict,
);
export type RolloutStep = Static<typeof RolloutStep>;

/** A progressive rollout to start: the arms, the steps, how contexts are bucketed. */
export const StartRolloutBody = Type.Object(
  {
    /** Default: the first variant that is not the control. */
    treatmentVariant: Type.Optional(VariantKey),
    /** Default: the configuration's off variation. */
    controlVariant: Type.Optional(VariantKey),
    /** Shares strictly increasing; the last is 100000 (everyone). */
    steps: Type.Array(RolloutStep, { minItems: 1, maxItems: 20 }),
    /** The attribute contexts are bucketed by; default the context key. */
    bucketBy: Type.Optional(AttributeName),
    comment: Type.Optional(Comment),
  },
  strict,
);
export type StartRolloutBody = Static<typeof StartRolloutBody>;

/** Pausing, resuming or aborting a rollout: why, for the audit log. */
export const RolloutControlBody = Type.Object({ comment: Type.Optional(Comment) }, strict);
export type RolloutControlBody = Static<typeof RolloutControlBody>;

/** Where a progressive rollout stands. */
export const RolloutState = Type.Union(
  [
    Type.Literal('running'),
    Type.Literal('paused'),
    Type.Literal('completed'),
    Type.Literal('aborted'),
    Type.Literal('tripped'),
  ],
  {
    description:
      'running: advancing while guardrails hold. paused: by a person, or because the flag was changed by hand. completed: the last step held. aborted: by a person (everyone back on control). tripped: a guardrail acted.',
  },
);
export type RolloutState = Static<typeof RolloutState>;

/** A progressive rollout of a flag environment: the default rule serves control and treatment. */
export const ProgressiveRollout = Type.Object({
  id: Type.String(),
  flagKey: FlagKey,
  environment: EnvironmentKey,
  controlVariant: VariantKey,
  treatmentVariant: VariantKey,
  bucketBy: Type.Union([AttributeName, Type.Null()]),
  steps: Type.Array(RolloutStep),
  state: RolloutState,
  /** The step being served (an index into steps). */
  stepIndex: Type.Integer(),
  stepStartedAt: Timestamp,
  /** The earliest time of the next step (or of completion); null unless running. */
  nextStepAt: Type.Union([Timestamp, Type.Null()]),
  /** The next step's share; null on the last step or when not running. */
  nextShare: Type.Union([Type.Integer(), Type.Null()]),
  /** The flag environment version before the rollout began (what `revert` writes back). */
  baseVersion: Type.Integer(),
  startedAt: Timestamp,
  startedBy: Type.String(),
  updatedAt: Timestamp,
  finishedAt: Type.Union([Timestamp, Type.Null()]),
  /** Why it paused or ended, when it did not by a person's plain request. */
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type ProgressiveRollout = Static<typeof ProgressiveRollout>;

/** The range and step of a metrics chart. */
export const MetricsQuery = Type.Object(
  {
    /** Default: one hour before `to`. */
    from: Type.Optional(Timestamp),
    /** Default: now. */
    to: Type.Optional(Timestamp),
    /** Width of each point; default: the range over 120 points, at least the bucket size. */
    stepSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 })),
  },
  strict,
);
export type MetricsQuery = Static<typeof MetricsQuery>;

/** One point of a variant's series: sums over [at, at + stepSeconds). */
export const MetricPoint = Type.Object({
  at: Timestamp,
  evaluations: Type.Integer(),
  outcomes: Type.Integer(),
  errors: Type.Integer(),
  /** errors / outcomes; null without outcomes. */
  errorRate: Type.Union([Type.Number(), Type.Null()]),
  /** Percentiles of outcome latency in ms (a bin's upper bound); null without latencies. */
  latencyP50: Type.Union([Type.Number(), Type.Null()]),
  latencyP95: Type.Union([Type.Number(), Type.Null()]),
  latencyP99: Type.Union([Type.Number(), Type.Null()]),
  /** Mean of the values reported with outcomes; null without any. */
  meanValue: Type.Union([Type.Number(), Type.Null()]),
  /** Custom events by name. */
  events: Type.Record(Type.String(), Type.Integer()),
});
export type MetricPoint = Static<typeof MetricPoint>;

/** Metrics of a flag environment over time, per variant, for charts. Points without data are left out. */
export const MetricSeries = Type.Object({
  flagKey: FlagKey,
  environment: EnvironmentKey,
  from: Timestamp,
  to: Timestamp,
  stepSeconds: Type.Integer(),
  variants: Type.Array(Type.Object({ variant: VariantKey, points: Type.Array(MetricPoint) })),
});
export type MetricSeries = Static<typeof MetricSeries>;

/** What a webhook can be sent. */
export const WebhookEvent = Type.Union([
  Type.Literal('guardrail.tripped'),
  Type.Literal('guardrail.rearmed'),
  Type.Literal('rollout.advanced'),
  Type.Literal('rollout.completed'),
  Type.Literal('rollout.paused'),
]);
export type WebhookEvent = Static<typeof WebhookEvent>;

/** A new webhook: where to POST, which events, which environments. */
export const CreateWebhookBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    url: Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 2000 }),
    events: Type.Array(WebhookEvent, { minItems: 1, maxItems: 5, uniqueItems: true }),
    /** Only these environments; empty or left out: all. */
    environments: Type.Optional(Type.Array(EnvironmentKey, { maxItems: 100, uniqueItems: true })),
  },
  strict,
);
export type CreateWebhookBody = Static<typeof CreateWebhookBody>;

/**
 * A webhook. Each delivery is a POST of JSON signed with HMAC-SHA256 over `${timestamp}.${body}`:
 * headers `X-Tripswitch-Signature: sha256=<hex>`, `X-Tripswitch-Timestamp` (Unix seconds),
 * `X-Tripswitch-Event` and `X-Tripswitch-Delivery`. Failed deliveries are retried with backoff.
 */
export const Webhook = Type.Object({
  id: Type.String(),
  name: Type.String(),
  url: Type.String(),
  events: Type.Array(WebhookEvent),
  environments: Type.Array(EnvironmentKey),
  createdAt: Timestamp,
});
export type Webhook = Static<typeof Webhook>;

/** A new webhook with its signing secret, shown this once. */
export const CreatedWebhook = Type.Object({
  webhook: Webhook,
  /** The signing secret: shown this once. */
  secret: Type.String(),
});
export type CreatedWebhook = Static<typeof CreatedWebhook>;

/** One notice to one webhook and how its delivery went. */
export const WebhookDelivery = Type.Object({
  id: Type.String(),
  webhookId: Type.String(),
  event: WebhookEvent,
  payload: Type.Unknown(),
  state: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  /** The HTTP status of the last attempt, or null when it got no answer. */
  lastStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  nextAttemptAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
  deliveredAt: Type.Union([Timestamp, Type.Null()]),
});
export type WebhookDelivery = Static<typeof WebhookDelivery>;

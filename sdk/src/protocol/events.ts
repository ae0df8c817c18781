import { type Static, Type } from '@sinclair/typebox';
import { FlagKey, VariantKey } from './keys.ts';
import { LATENCY_BINS } from './latency.ts';

// What server SDKs report to `POST /sdk/v1/events`: counters aggregated in memory per flag and
// variant (never per context), flushed in batches. Times are relative (how long the period lasted,
// how long ago it ended), so an SDK's clock never has to agree with the server's.

/** A custom event name, e.g. `checkout-completed`; it must not be a flag key of the environment. */
export const EventName = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$',
  description:
    'Letters, digits, ".", "_", ":" or "-", starting with a letter or digit; at most 100 characters.',
  examples: ['checkout-completed'],
});

const Count = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 });
const Milliseconds = Type.Integer({ minimum: 0, maximum: 86_400_000 });

/** What one SDK saw of one variant of one flag during the period. */
export const VariantCounters = Type.Object(
  {
    flagKey: FlagKey,
    variant: VariantKey,
    /** Evaluations that served this variant (exposures). */
    evaluations: Count,
    /** Outcomes reported by `track(flagKey, ...)` or recorded by a guarded call. */
    outcomes: Type.Optional(Count),
    /** Outcomes that were failures; at most `outcomes`. */
    errors: Type.Optional(Count),
    /** Outcome latencies, counted per fixed log-scale bin (see latency.ts); trailing zeros left off. */
    latency: Type.Optional(Type.Array(Count, { maxItems: LATENCY_BINS })),
    /** The sum and count of the `value`s reported with outcomes. */
    valueSum: Type.Optional(Type.Number()),
    valueCount: Type.Optional(Count),
  },
  { additionalProperties: false },
);
export type VariantCounters = Static<typeof VariantCounters>;

/** How often a custom event happened to contexts served one variant of one flag. */
export const EventCounters = Type.Object(
  {
    event: EventName,
    flagKey: FlagKey,
    variant: VariantKey,
    count: Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 }),
    valueSum: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);
export type EventCounters = Static<typeof EventCounters>;

/** One flush of an SDK's counters. */
export const EventsBatch = Type.Object(
  {
    schemaVersion: Type.Integer({ minimum: 1 }),
    /** How long the counters were collected, in ms. */
    periodMs: Milliseconds,
    /** How long ago, in ms, the period ended when this batch was sent (it may have been retried). */
    ageMs: Milliseconds,
    flags: Type.Array(VariantCounters, { maxItems: 5000 }),
    events: Type.Optional(Type.Array(EventCounters, { maxItems: 5000 })),
    /** What the SDK had to drop since its last accepted batch (the server was unreachable for long). */
    dropped: Type.Optional(
      Type.Object(
        { batches: Type.Optional(Count), counters: Type.Optional(Count) },
        { additionalProperties: false },
      ),
    ),
    /** The SDK and its version, e.g. `tripswitch-js/0.1.0`, for the server's logs. */
    sdk: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type EventsBatch = Static<typeof EventsBatch>;

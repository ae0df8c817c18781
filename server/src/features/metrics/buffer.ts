import type { EventsBatch } from '@tripswitch/sdk/protocol';
import { addHistogram } from './histogram.ts';

// Batches from many SDKs are added up in memory per bucket and written to Postgres every
// TRIPSWITCH_INGEST_FLUSH_MS in one statement, so ingest costs one upsert per bucket and flush,
// not one per batch. Bounded: a batch that would need more rows than are left is refused whole.

/** The counters of one flag variant in one environment over one time bucket. */
export interface BufferedVariant {
  environment: string;
  flagKey: string;
  variant: string;
  bucketStart: number;
  evaluations: number;
  outcomes: number;
  errors: number;
  latency: number[];
  valueSum: number;
  valueCount: number;
}

/** A custom event's counters for one flag variant in one environment over one time bucket. */
export interface BufferedEvent {
  environment: string;
  flagKey: string;
  event: string;
  variant: string;
  bucketStart: number;
  count: number;
  valueSum: number;
}

/** What a flush writes. */
export interface BufferedMetrics {
  variants: BufferedVariant[];
  events: BufferedEvent[];
}

const SEPARATOR = '\u0000';

export class MetricsBuffer {
  #variants = new Map<string, BufferedVariant>();
  #events = new Map<string, BufferedEvent>();

  constructor(
    private readonly bucketMs: number,
    /** Rows (variant and event buckets together) it may hold before refusing batches. */
    private readonly capacity: number,
  ) {}

  get size(): number {
    return this.#variants.size + this.#events.size;
  }

  /**
   * Adds a batch from an SDK of `environment`, received at `receivedAt` (ms since the epoch).
   * Returns false, adding nothing, when the buffer has no room for it.
   */
  add(environment: string, batch: EventsBatch, receivedAt: number): boolean {
    const endedAt = receivedAt - batch.ageMs;
    const bucketStart = endedAt - (endedAt % this.bucketMs);
    const variantKey = (flagKey: string, variant: string) =>
      [environment, flagKey, variant, bucketStart].join(SEPARATOR);
    const eventKey = (flagKey: string, event: string, variant: string) =>
      [environment, flagKey, event, variant, bucketStart].join(SEPARATOR);
    const events = batch.events ?? [];

    let needed = 0;
    for (const item of batch.flags)
      if (!this.#variants.has(variantKey(item.flagKey, item.variant))) needed++;
    for (const item of events)
      if (!this.#events.has(eventKey(item.flagKey, item.event, item.variant))) needed++;
    if (this.size + needed > this.capacity) return false;

    for (const item of batch.flags) {
      const key = variantKey(item.flagKey, item.variant);
      let totals = this.#variants.get(key);
      if (!totals) {
        totals = {
          environment,
          flagKey: item.flagKey,
          variant: item.variant,
          bucketStart,
          evaluations: 0,
          outcomes: 0,
          errors: 0,
          latency: [],
          valueSum: 0,
          valueCount: 0,
        };
        this.#variants.set(key, totals);
      }
      totals.evaluations += item.evaluations;
      totals.outcomes += item.outcomes ?? 0;
      totals.errors += item.errors ?? 0;
      if (item.latency) addHistogram(totals.latency, item.latency);
      totals.valueSum += item.valueSum ?? 0;
      totals.valueCount += item.valueCount ?? 0;
    }
    for (const item of events) {
      const key = eventKey(item.flagKey, item.event, item.variant);
      let totals = this.#events.get(key);
      if (!totals) {
        totals = { environment, ...item, bucketStart, count: 0, valueSum: 0 };
        this.#events.set(key, totals);
      }
      totals.count += item.count;
      totals.valueSum += item.valueSum ?? 0;
    }
    return true;
  }

  /** Puts back rows a failed flush took, as far as there is room; returns how many were dropped. */
  restore(taken: BufferedMetrics): number {
    let dropped = 0;
    for (const row of taken.variants) {
      const key = [row.environment, row.flagKey, row.variant, row.bucketStart].join(SEPARATOR);
      const current = this.#variants.get(key);
      if (current) {
        current.evaluations += row.evaluations;
        current.outcomes += row.outcomes;
        current.errors += row.errors;
        addHistogram(current.latency, row.latency);
        current.valueSum += row.valueSum;
        current.valueCount += row.valueCount;
      } else if (this.size < this.capacity) this.#variants.set(key, row);
      else dropped++;
    }
    for (const row of taken.events) {
      const key = [row.environment, row.flagKey, row.event, row.variant, row.bucketStart].join(
        SEPARATOR,
      );
      const current = this.#events.get(key);
      if (current) {
        current.count += row.count;
        current.valueSum += row.valueSum;
      } else if (this.size < this.capacity) this.#events.set(key, row);
      else dropped++;
    }
    return dropped;
  }

  /** Everything buffered so far; the buffer starts empty again. */
  take(): BufferedMetrics {
    const taken = { variants: [...this.#variants.values()], events: [...this.#events.values()] };
    this.#variants = new Map();
    this.#events = new Map();
    return taken;
  }
}

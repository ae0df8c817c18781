import type { EventCounters, VariantCounters } from '../../protocol/events.ts';
import { LATENCY_BINS, latencyBin } from '../../protocol/latency.ts';

/** What the application reports about one call served by a flag. */
export interface Outcome {
  /** True, or the error itself, when the call failed; a failure counts against the variant. */
  error?: unknown;
  /** How long the call took, in milliseconds. */
  latencyMs?: number;
  /** A number to sum per variant (revenue, items...). */
  value?: number;
}

interface VariantCounts {
  evaluations: number;
  outcomes: number;
  errors: number;
  latency: number[] | undefined;
  valueSum: number;
  valueCount: number;
}

interface EventCounts {
  event: string;
  flagKey: string;
  variant: string;
  count: number;
  valueSum: number;
}

/** What one flush sends: the counters since the last one, and what was dropped meanwhile. */
export interface CounterBatch {
  flags: VariantCounters[];
  events: EventCounters[];
  /** Counters that did not fit (over the bound) since the last batch. */
  dropped: number;
}

/** Distinct (flag, variant) and (event, flag, variant) counters a period may hold. */
export const MAX_COUNTERS = 5000;

const failed = (error: unknown) => error !== undefined && error !== false && error !== null;

/**
 * Counters per flag and variant, never per context, so memory is bounded by the number of flags
 * and variants (and capped at MAX_COUNTERS of each kind; beyond it counts are dropped and the
 * drop is counted). Counting is a Map lookup and an increment: it sits on the evaluation path.
 */
export class OutcomeCounters {
  #flags = new Map<string, Map<string, VariantCounts>>();
  #flagCounters = 0;
  #events = new Map<string, EventCounts>();
  #dropped = 0;
  // Flags evaluated in the period before this one: custom events are attributed to them too.
  #previous: ReadonlySet<string> = new Set();

  /** Counts one evaluation that served `variant`. */
  evaluated(flagKey: string, variant: string): void {
    const counts = this.#flags.get(flagKey)?.get(variant) ?? this.#add(flagKey, variant);
    if (counts !== undefined) counts.evaluations++;
  }

  /** Counts one outcome of a call served `variant`. */
  outcome(flagKey: string, variant: string, outcome: Outcome): void {
    const counts = this.#flags.get(flagKey)?.get(variant) ?? this.#add(flagKey, variant);
    if (counts === undefined) return;
    counts.outcomes++;
    if (failed(outcome.error)) counts.errors++;
    const { latencyMs, value } = outcome;
    if (typeof latencyMs === 'number' && Number.isFinite(latencyMs)) {
      counts.latency ??= new Array<number>(LATENCY_BINS).fill(0);
      (counts.latency[latencyBin(latencyMs)] as number)++;
    }
    if (typeof value === 'number' && Number.isFinite(value)) {
      counts.valueSum += value;
      counts.valueCount++;
    }
  }

  /** Counts one custom event for a context that is served `variant` of `flagKey`. */
  event(event: string, flagKey: string, variant: string, value: number | undefined): void {
    const key = `${event}\u0000${flagKey}\u0000${variant}`;
    let counts = this.#events.get(key);
    if (counts === undefined) {
      if (this.#events.size >= MAX_COUNTERS) {
        this.#dropped++;
        return;
      }
      counts = { event, flagKey, variant, count: 0, valueSum: 0 };
      this.#events.set(key, counts);
    }
    counts.count++;
    if (typeof value === 'number' && Number.isFinite(value)) counts.valueSum += value;
  }

  /** Flags evaluated in this period or the one before: those a custom event is attributed to. */
  activeFlags(): Set<string> {
    return new Set([...this.#previous, ...this.#flags.keys()]);
  }

  /** The counters so far, as a batch; counting starts again from zero. */
  take(): CounterBatch {
    const flags: VariantCounters[] = [];
    for (const [flagKey, variants] of this.#flags) {
      for (const [variant, counts] of variants) flags.push(toWire(flagKey, variant, counts));
    }
    const events: EventCounters[] = [...this.#events.values()].map(
      ({ event, flagKey, variant, count, valueSum }) =>
        valueSum === 0
          ? { event, flagKey, variant, count }
          : { event, flagKey, variant, count, valueSum },
    );
    const batch = { flags, events, dropped: this.#dropped };
    this.#previous = new Set(this.#flags.keys());
    this.#flags = new Map();
    this.#flagCounters = 0;
    this.#events = new Map();
    this.#dropped = 0;
    return batch;
  }

  #add(flagKey: string, variant: string): VariantCounts | undefined {
    if (this.#flagCounters >= MAX_COUNTERS) {
      this.#dropped++;
      return undefined;
    }
    let variants = this.#flags.get(flagKey);
    if (variants === undefined) {
      variants = new Map();
      this.#flags.set(flagKey, variants);
    }
    const counts: VariantCounts = {
      evaluations: 0,
      outcomes: 0,
      errors: 0,
      latency: undefined,
      valueSum: 0,
      valueCount: 0,
    };
    variants.set(variant, counts);
    this.#flagCounters++;
    return counts;
  }
}

// Only what was counted goes on the wire; the latency histogram loses its trailing zeros.
function toWire(flagKey: string, variant: string, counts: VariantCounts): VariantCounters {
  const wire: VariantCounters = { flagKey, variant, evaluations: counts.evaluations };
  if (counts.outcomes > 0) wire.outcomes = counts.outcomes;
  if (counts.errors > 0) wire.errors = counts.errors;
  if (counts.latency) {
    let length = counts.latency.length;
    while (length > 0 && counts.latency[length - 1] === 0) length--;
    wire.latency = counts.latency.slice(0, length);
  }
  if (counts.valueCount > 0) {
    wire.valueSum = counts.valueSum;
    wire.valueCount = counts.valueCount;
  }
  return wire;
}

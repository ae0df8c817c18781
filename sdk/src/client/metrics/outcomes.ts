import { type CompiledSnapshot, evaluate } from '../../core/index.ts';
import type { EvaluationContext } from '../../protocol/evaluation.ts';
import type { ResolvedOptions } from '../options.ts';
import type { Outcome, OutcomeCounters } from './counters.ts';
import { type GuardedPaths, type GuardOptions, runGuarded } from './guard.ts';

// The same pattern as the protocol's EventName, without importing TypeBox into the client.
const EVENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** Counters and what sends them, for one client. */
export interface Metrics {
  counters: OutcomeCounters;
  reporter: { flush(): Promise<void>; close(): Promise<void> };
}

/** Starts a client's metrics, or gives undefined when there is nothing to send them to. */
export type StartMetrics = (options: ResolvedOptions) => Metrics | undefined;

/**
 * The client's outcome metrics: exposures counted as flags are evaluated, outcomes and custom
 * events the application tracks, guarded calls, and the reporter sending them. Without metrics
 * (offline, `metrics: false`, or a browser bundle, which leaves the sender out since sending takes
 * a server SDK token), nothing is counted and guarded calls still run their path.
 */
export class Outcomes {
  readonly #counters: OutcomeCounters | undefined;
  readonly #reporter: Metrics['reporter'] | undefined;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly snapshot: () => CompiledSnapshot | undefined,
    private readonly warn: (problem: string) => void,
    startMetrics: StartMetrics | undefined,
  ) {
    const metrics = startMetrics?.(options);
    this.#counters = metrics?.counters;
    this.#reporter = metrics?.reporter;
  }

  /** Counts an evaluation that served `variant` (hot path: a Map lookup and an increment). */
  evaluated(flagKey: string, variant: string | undefined): void {
    if (variant !== undefined) this.#counters?.evaluated(flagKey, variant);
  }

  /**
   * An outcome of `key` when it names a flag (attributed to the variant this context is served),
   * else a custom event named `key`, attributed to the variant this context is served of every
   * flag evaluated lately.
   */
  track(key: string, context: EvaluationContext, outcome: Outcome | undefined): void {
    const counters = this.#counters;
    const snapshot = this.snapshot();
    if (!counters || !snapshot) return;
    const reported: Outcome = typeof outcome === 'object' && outcome !== null ? outcome : {};
    if (snapshot.flags.has(key)) {
      const variant = evaluate(snapshot, key, context, undefined).variant;
      if (variant !== undefined) counters.outcome(key, variant, reported);
      return;
    }
    if (typeof key !== 'string' || !EVENT_NAME.test(key)) {
      this.warn(`track: ${JSON.stringify(key)} is neither a flag nor a valid event name; ignored`);
      return;
    }
    for (const flagKey of counters.activeFlags()) {
      const variant = evaluate(snapshot, flagKey, context, undefined).variant;
      if (variant !== undefined) counters.event(key, flagKey, variant, reported.value);
    }
  }

  guard<T>(
    flagKey: string,
    context: EvaluationContext,
    paths: GuardedPaths<T>,
    options?: GuardOptions,
  ): T {
    const host = {
      serve: (key: string, target: unknown) => {
        const variant = evaluate(
          this.snapshot(),
          key,
          target as EvaluationContext,
          undefined,
        ).variant;
        this.evaluated(key, variant);
        return variant;
      },
      record: (key: string, variant: string, outcome: Outcome) =>
        this.#counters?.outcome(key, variant, outcome),
      now: () => this.options.platform.now(),
    };
    return runGuarded(host, flagKey, context, paths, options);
  }

  flush(): Promise<void> {
    return this.#reporter?.flush() ?? Promise.resolve();
  }

  close(): Promise<void> {
    return this.#reporter?.close() ?? Promise.resolve();
  }
}

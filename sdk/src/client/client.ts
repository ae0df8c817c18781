import { type EvaluationDetail, evaluate, evaluateAll } from '../core/index.ts';
import type { EvaluationContext } from '../protocol/evaluation.ts';
import type { DataSource } from './data-source.ts';
import { Feed } from './feed.ts';
import { kindOf } from './flag-kind.ts';
import { FlagStore } from './flag-store.ts';
import type { Unsubscribe } from './listeners.ts';
import type { Outcome } from './metrics/counters.ts';
import type { GuardedPaths, GuardOptions } from './metrics/guard.ts';
import { Outcomes, type StartMetrics } from './metrics/outcomes.ts';
import { type ClientOptions, type ResolvedOptions, resolveOptions } from './options.ts';
import { createPollingSource } from './polling.ts';
import { createStreamSource } from './stream.ts';
import type { ClientStatus, FlagChange, TripswitchClient, Widen } from './types.ts';

/** Creates a client and starts keeping its snapshot current in the background. */
export function createClient(options: ClientOptions): TripswitchClient {
  return clientWith(options, undefined);
}

/** createClient with outcome metrics started by `startMetrics` (the Node entry passes one). */
export function clientWith(
  options: ClientOptions,
  startMetrics: StartMetrics | undefined,
): TripswitchClient {
  const resolved = resolveOptions(options);
  const feed = new Feed(resolved, (warn) => new FlagStore(warn), dataSourceFor(resolved));
  return new Client(feed, resolved, startMetrics);
}

// The one place that picks how a client stays current: the live stream, with polling standing in
// while it is down; or polling alone.
function dataSourceFor(options: ResolvedOptions): DataSource | undefined {
  if (!options.source) return undefined;
  const { backoff, platform, requestTimeoutMs, logger } = options;
  const polling = createPollingSource({
    ...options.source,
    intervalMs: options.pollIntervalMs,
    backoff,
    requestTimeoutMs,
    platform,
  });
  if (!options.stream) return polling;
  return createStreamSource({
    ...options.source,
    backoff,
    requestTimeoutMs,
    platform,
    logger,
    fallback: polling,
  });
}

class Client implements TripswitchClient {
  // Outcome metrics (guardrails): counted on evaluation, sent in the background.
  readonly #outcomes: Outcomes;

  constructor(
    private readonly feed: Feed<FlagStore>,
    options: ResolvedOptions,
    startMetrics: StartMetrics | undefined,
  ) {
    this.#outcomes = new Outcomes(
      options,
      () => feed.store.compiled,
      (problem) => feed.reportOnce(problem),
      startMetrics,
    );
  }

  get status(): ClientStatus {
    return this.feed.status;
  }

  get revision(): number | undefined {
    return this.feed.store.revision;
  }

  ready(options?: { timeoutMs?: number }): Promise<void> {
    return this.feed.whenReady(options);
  }

  isEnabled(flagKey: string, context: EvaluationContext, defaultValue = false): boolean {
    return this.variationDetail(flagKey, context, defaultValue === true).value;
  }

  variation<T>(flagKey: string, context: EvaluationContext, defaultValue: T): Widen<T> {
    return this.variationDetail(flagKey, context, defaultValue).value;
  }

  variationDetail<T>(
    flagKey: string,
    context: EvaluationContext,
    defaultValue: T,
  ): EvaluationDetail<Widen<T>> {
    const fallback = defaultValue as Widen<T>;
    try {
      const detail = evaluate(
        this.feed.store.compiled,
        flagKey,
        context,
        fallback,
        kindOf(defaultValue),
      );
      this.#outcomes.evaluated(flagKey, detail.variant);
      return detail;
    } catch (error) {
      // The core never throws by contract; this guard keeps that promise even if it slips.
      this.feed.reportOnce(`evaluation failed unexpectedly: ${String(error)}`);
      return { flagKey, value: fallback, reason: 'ERROR', errorCode: 'GENERAL' };
    }
  }

  allFlags(context: EvaluationContext): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    try {
      for (const [key, detail] of Object.entries(evaluateAll(this.feed.store.compiled, context))) {
        values[key] = detail.value;
        this.#outcomes.evaluated(key, detail.variant);
      }
    } catch (error) {
      this.feed.reportOnce(`evaluation failed unexpectedly: ${String(error)}`);
    }
    return values;
  }

  on(event: 'change', callback: (change: FlagChange) => void): Unsubscribe;
  on(event: 'status', callback: (status: ClientStatus) => void): Unsubscribe;
  on(
    event: 'change' | 'status',
    callback: (value: FlagChange & ClientStatus) => void,
  ): Unsubscribe {
    return this.feed.on(event, callback);
  }

  onFlagChange(flagKey: string, callback: (change: FlagChange) => void): Unsubscribe {
    return this.feed.onFlagChange(flagKey, callback);
  }

  track(key: string, context: EvaluationContext, outcome?: Outcome): void {
    try {
      this.#outcomes.track(key, context, outcome);
    } catch (error) {
      this.feed.reportOnce(`track failed unexpectedly: ${String(error)}`);
    }
  }

  guard<T>(
    flagKey: string,
    context: EvaluationContext,
    paths: GuardedPaths<T>,
    options?: GuardOptions,
  ): T {
    return this.#outcomes.guard(flagKey, context, paths, options);
  }

  flush(): Promise<void> {
    return this.#outcomes.flush();
  }

  async close(): Promise<void> {
    await Promise.all([this.#outcomes.close(), this.feed.close()]);
  }
}

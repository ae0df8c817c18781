import type { sdkApi } from '../../protocol/endpoints.ts';
import type { EventsBatch } from '../../protocol/events.ts';
import { type BackoffOptions, backoffDelay } from '../backoff.ts';
import { describeError } from '../errors.ts';
import type { Logger, Platform, TimerHandle } from '../platform.ts';
import type { OutcomeCounters } from './counters.ts';

// A copy typed as the endpoint table's literal (importing the table would pull TypeBox into
// browser bundles); the typecheck fails the day the path changes.
const EVENTS_PATH: typeof sdkApi.events.path = '/sdk/v1/events';
/** The server refuses batches older than a day. */
const MAX_AGE_MS = 86_400_000;

/** How the reporter reaches the server and how often. */
export interface ReporterOptions {
  url: string;
  sdkKey: string;
  flushIntervalMs: number;
  /** Batches kept while the server cannot be reached; beyond it the oldest is dropped. */
  maxPendingBatches: number;
  backoff: BackoffOptions;
  requestTimeoutMs: number;
  platform: Platform;
  logger: Logger;
}

interface PendingBatch {
  body: Omit<EventsBatch, 'ageMs' | 'dropped'>;
  /** When its period ended (platform.now()); its age is taken when it is sent. */
  endedAt: number;
  counters: number;
}

/**
 * Sends the counters to `POST /sdk/v1/events` every `flushIntervalMs`, in the background: taking
 * the counters is a swap, so evaluation never waits on it. Failed sends are retried in order with
 * full-jitter backoff; while they fail, at most `maxPendingBatches` batches wait and older ones are
 * dropped and counted, and the next accepted batch tells the server how much was lost.
 */
export class MetricsReporter {
  readonly #pending: PendingBatch[] = [];
  #periodStart: number;
  #timer: TimerHandle | undefined;
  #retry: TimerHandle | undefined;
  #sending: Promise<void> | undefined;
  #failures = 0;
  #dropped = { batches: 0, counters: 0 };
  #stopped = false;
  #closing = false;
  #reported: string | undefined;

  constructor(
    private readonly counters: OutcomeCounters,
    private readonly options: ReporterOptions,
  ) {
    this.#periodStart = options.platform.now();
    this.#schedule();
  }

  /** Takes the counters now and sends everything pending; resolves when that attempt is over. */
  flush(): Promise<void> {
    this.#collect();
    return this.#send();
  }

  /** Stops the timers and makes one last attempt to send what was counted. */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#clearTimers();
    this.#collect();
    await this.#send();
    this.#stopped = true;
  }

  #schedule(): void {
    const { platform, flushIntervalMs } = this.options;
    this.#timer = platform.setTimeout(
      () => {
        this.#collect();
        // While a retry is waiting, it sends; the interval only collects.
        if (this.#retry === undefined) void this.#send();
        if (!this.#stopped && !this.#closing) this.#schedule();
      },
      flushIntervalMs,
      true,
    );
  }

  #clearTimers(): void {
    const { platform } = this.options;
    if (this.#timer !== undefined) platform.clearTimeout(this.#timer);
    if (this.#retry !== undefined) platform.clearTimeout(this.#retry);
    this.#timer = undefined;
    this.#retry = undefined;
  }

  #collect(): void {
    const now = this.options.platform.now();
    const batch = this.counters.take();
    this.#dropped.counters += batch.dropped;
    const periodMs = Math.min(MAX_AGE_MS, Math.max(0, Math.round(now - this.#periodStart)));
    this.#periodStart = now;
    const counters = batch.flags.length + batch.events.length;
    if (counters === 0) return;
    const body = { schemaVersion: 1, periodMs, flags: batch.flags, events: batch.events };
    this.#pending.push({ body, endedAt: now, counters });
    while (this.#pending.length > this.options.maxPendingBatches) this.#drop();
  }

  #drop(): void {
    const oldest = this.#pending.shift();
    if (!oldest) return;
    this.#dropped.batches++;
    this.#dropped.counters += oldest.counters;
  }

  #send(): Promise<void> {
    this.#sending ??= this.#sendPending().finally(() => {
      this.#sending = undefined;
    });
    return this.#sending;
  }

  async #sendPending(): Promise<void> {
    while (!this.#stopped && this.#pending.length > 0) {
      const next = this.#pending[0] as PendingBatch;
      const outcome = await this.#post(next);
      if (outcome === 'retry') {
        this.#scheduleRetry();
        return;
      }
      // Sent, or refused for good: either way it leaves the queue.
      if (this.#pending[0] === next) this.#pending.shift();
      if (outcome === 'stop') {
        this.#stopped = true;
        this.#clearTimers();
        this.#pending.length = 0;
        return;
      }
      this.#failures = 0;
    }
  }

  #scheduleRetry(): void {
    // After close() there is no retry: that last attempt was the last.
    if (this.#stopped || this.#closing) return;
    const { platform, backoff } = this.options;
    const delay = backoffDelay(this.#failures++, backoff, platform.random);
    this.#retry = platform.setTimeout(
      () => {
        this.#retry = undefined;
        void this.#send();
      },
      delay,
      true,
    );
  }

  async #post(batch: PendingBatch): Promise<'sent' | 'refused' | 'retry' | 'stop'> {
    const { platform, url, sdkKey, requestTimeoutMs } = this.options;
    const ageMs = Math.max(0, Math.round(platform.now() - batch.endedAt));
    if (ageMs > MAX_AGE_MS) return this.#refused('a metrics batch was older than a day', batch);
    const body: EventsBatch = { ...batch.body, ageMs };
    const lost = { ...this.#dropped };
    if (lost.batches > 0 || lost.counters > 0) body.dropped = lost;
    const controller = new AbortController();
    const timeout = platform.setTimeout(() => controller.abort(), requestTimeoutMs, true);
    try {
      const response = await platform.fetch(`${url.replace(/\/+$/, '')}${EVENTS_PATH}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sdkKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      await response.body?.cancel();
      if (response.ok) {
        // The server now knows about these losses.
        this.#dropped.batches -= lost.batches;
        this.#dropped.counters -= lost.counters;
        this.#reported = undefined;
        return 'sent';
      }
      const status = response.status;
      if (status === 401 || status === 403 || status === 404) {
        this.#report(
          `the server refused outcome metrics (HTTP ${status}); no more are sent`,
          'error',
        );
        return 'stop';
      }
      if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
        return this.#refused(`the server refused a metrics batch (HTTP ${status})`, batch);
      }
      this.#report(`sending outcome metrics failed with HTTP ${status}; retrying`);
      return 'retry';
    } catch (error) {
      const cause = controller.signal.aborted ? 'timed out' : describeError(error);
      this.#report(`sending outcome metrics failed: ${cause}; retrying`);
      return 'retry';
    } finally {
      platform.clearTimeout(timeout);
    }
  }

  #refused(problem: string, batch: PendingBatch): 'refused' {
    this.#report(`${problem}; it was dropped`);
    this.#dropped.batches++;
    this.#dropped.counters += batch.counters;
    return 'refused';
  }

  #report(problem: string, level: 'warn' | 'error' = 'warn'): void {
    if (problem === this.#reported) return;
    this.#reported = problem;
    this.options.logger[level](problem);
  }
}

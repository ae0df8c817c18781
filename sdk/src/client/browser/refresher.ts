import type { sdkApi } from '../../protocol/endpoints.ts';
import type { EvaluationContext } from '../../protocol/evaluation.ts';
import { type BackoffOptions, backoffDelay } from '../backoff.ts';
import type { DataSourceSink } from '../data-source.ts';
import { describeError } from '../errors.ts';
import type { Platform, TimerHandle } from '../platform.ts';
import { Readiness } from '../readiness.ts';
import type { ContextResults, EvaluationStore } from './evaluations.ts';

// A copy typed as the endpoint table's literal, so browser bundles get no TypeBox (see polling.ts).
const EVALUATE_PATH: typeof sdkApi.evaluate.path = '/sdk/v1/evaluate';

/** How the refresher reaches the server, and for whom. */
export interface RefresherOptions {
  url: string;
  /** A client token (`tsc_...`). */
  sdkKey: string;
  context: EvaluationContext;
  store: EvaluationStore;
  /** How often to fetch while polling. */
  intervalMs: number;
  backoff: BackoffOptions;
  requestTimeoutMs: number;
  platform: Platform;
}

/**
 * Fetches the results for the client's context from `/sdk/v1/evaluate`: at start, when the
 * server's revision moves past the one served, after identify, and every `intervalMs` while
 * polling. One request at most is in flight: revisions heard meanwhile are fetched once after it,
 * however many came, so a burst of changes costs two requests. Failures retry with full-jitter
 * backoff; a refused key stops it.
 */
export class EvaluationRefresher {
  #context: EvaluationContext;
  #sink: DataSourceSink | undefined;
  // Bumped by identify and stop: a request of an earlier run ends without a word.
  #run = 0;
  #inFlight: AbortController | undefined;
  #timer: TimerHandle | undefined;
  #failures = 0;
  // Answers older than a revision heard: the instance that answered lags; later ones back off.
  #behind = 0;
  #wanted: number | undefined;
  #polling = false;
  // Settles when the current context's results are served (or fetching them failed).
  #identified = new Readiness();
  #ended: string | undefined;

  constructor(private readonly options: RefresherOptions) {
    this.#context = options.context;
  }

  /** The context results are fetched for. */
  get context(): EvaluationContext {
    return this.#context;
  }

  start(sink: DataSourceSink): void {
    this.#sink = sink;
    this.#fetchNow();
  }

  stop(): void {
    this.#end('the Tripswitch client was closed');
    this.#inFlight?.abort();
  }

  /** The server is at `revision`: fetch, unless the results served are that recent already. */
  heard(revision: number): void {
    const { store } = this.options;
    if (store.current && (store.revision ?? -1) >= revision) {
      this.#sink?.healthy();
      return;
    }
    this.#wanted = Math.max(this.#wanted ?? revision, revision);
    if (this.#inFlight === undefined) this.#fetchNow();
  }

  /** Polls every `intervalMs` while on (the stream is down, or there is none). */
  poll(on: boolean): void {
    this.#polling = on;
    if (on && this.#inFlight === undefined && this.#timer === undefined) this.#fetchNow();
  }

  /**
   * Fetches the results of another context at once (whatever was in flight is dropped); resolves
   * once they are served, rejects if fetching them fails (retries go on in the background). Calls
   * that overlap settle together, with the last context's results.
   */
  identify(context: EvaluationContext, contextId: string): Promise<void> {
    const { store } = this.options;
    if (this.#identified.settled) this.#identified = new Readiness();
    const waiting = this.#identified.promise;
    if (this.#ended !== undefined) {
      this.#identified.reject(new Error(this.#ended));
    } else if (contextId !== store.context) {
      this.#context = context;
      store.identify(contextId);
      this.#run++;
      this.#inFlight?.abort();
      this.#fetchNow();
    } else if (store.current) {
      this.#identified.resolve();
    }
    return waiting;
  }

  // Stops for good: closed, or the key was refused.
  #end(reason: string): void {
    this.#ended = reason;
    this.#sink = undefined;
    this.#run++;
    this.#clearTimer();
    this.#identified.reject(new Error(reason));
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.options.platform.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #fetchNow(): void {
    this.#clearTimer();
    void this.#request(this.#run);
  }

  #schedule(ms: number, poll = false): void {
    this.#clearTimer();
    this.#timer = this.options.platform.setTimeout(
      () => {
        this.#timer = undefined;
        if (!poll || this.#polling) this.#fetchNow();
      },
      ms,
      true,
    );
  }

  #failed(message: string, fatal = false): void {
    this.#sink?.failed({ message, fatal });
    if (fatal) {
      this.#end(message);
      return;
    }
    this.#identified.reject(new Error(message));
    this.#schedule(this.#delay(this.#failures++));
  }

  #delay(attempt: number): number {
    return backoffDelay(attempt, this.options.backoff, this.options.platform.random);
  }

  async #request(current: number): Promise<void> {
    const { options } = this;
    const sink = this.#sink;
    if (!sink) return;
    const endpoint = `${options.url.replace(/\/+$/, '')}${EVALUATE_PATH}`;
    const context = options.store.context;
    const controller = new AbortController();
    this.#inFlight = controller;
    const timeout = options.platform.setTimeout(
      () => controller.abort(),
      options.requestTimeoutMs,
      true,
    );
    try {
      const response = await options.platform.fetch(endpoint, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.sdkKey}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({ context: this.#context }),
        signal: controller.signal,
        cache: 'no-store',
      });
      const text = response.status === 200 ? await response.text() : '';
      if (current !== this.#run) return;
      if (response.status === 401 || response.status === 403) {
        return this.#failed(
          `the server refused the SDK key (HTTP ${response.status}); check sdkKey`,
          true,
        );
      }
      if (response.status !== 200) {
        return this.#failed(`evaluate request failed with HTTP ${response.status}`);
      }
      const evaluations = parseJson(text);
      if (evaluations === undefined) return this.#failed('the evaluate response is not valid JSON');
      const results: ContextResults = { context, evaluations: evaluations as never };
      // Refused (logged by the client) or older than what is served: ask again, in a while.
      if (!sink.snapshot(results)) return this.#schedule(this.#delay(this.#failures++));
      this.#succeeded();
    } catch (error) {
      if (current !== this.#run) return;
      const cause = controller.signal.aborted ? 'timed out' : describeError(error);
      this.#failed(`evaluate request to ${endpoint} failed: ${cause}`);
    } finally {
      options.platform.clearTimeout(timeout);
      if (this.#inFlight === controller) this.#inFlight = undefined;
    }
  }

  #succeeded(): void {
    this.#failures = 0;
    this.#sink?.healthy();
    this.#identified.resolve();
    const revision = this.options.store.revision ?? -1;
    if (this.#wanted !== undefined && this.#wanted > revision) {
      // Once at once (the change landed while this request was out), then backing off.
      const attempt = this.#behind++;
      this.#schedule(attempt === 0 ? 0 : this.#delay(attempt - 1));
      return;
    }
    this.#wanted = undefined;
    this.#behind = 0;
    if (this.#polling) this.#schedule(this.options.intervalMs, true);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

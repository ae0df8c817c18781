import type { EvaluationContext } from '../../protocol/evaluation.ts';
import { type BackoffOptions, backoffDelay } from '../backoff.ts';
import type { DataSourceSink } from '../data-source.ts';
import type { TimerHandle } from '../platform.ts';
import { Readiness } from '../readiness.ts';
import { retryDelay } from '../refusal.ts';
import { type EvaluateTarget, requestEvaluations } from './evaluate-request.ts';
import type { EvaluationStore } from './evaluations.ts';

/** How the refresher reaches the server, and for whom. */
export interface RefresherOptions extends EvaluateTarget {
  /** The context to fetch results for, until identify gives another. */
  context: EvaluationContext;
  store: EvaluationStore;
  /** How often to fetch while polling. */
  intervalMs: number;
  backoff: BackoffOptions;
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
  // A fetch is waiting out its share of a ping's spread: later pings do not push it back.
  #spreading = false;
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

  /**
   * The server is at `revision`: fetch, unless the results served are that recent already, after
   * a random share of `spreadMs` (every browser heard the same ping: their fetches arrive spread
   * out, not all at once).
   */
  heard(revision: number, spreadMs = 0): void {
    const { store, platform } = this.options;
    if (store.current && (store.revision ?? -1) >= revision) {
      this.#sink?.healthy();
      return;
    }
    this.#wanted = Math.max(this.#wanted ?? revision, revision);
    if (this.#inFlight !== undefined || this.#spreading) return;
    if (spreadMs <= 0) {
      this.#fetchNow();
      return;
    }
    this.#schedule(platform.random() * spreadMs);
    this.#spreading = true;
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
    } else if (contextId !== store.contextId) {
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
    this.#spreading = false;
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

  #failed(message: string, fatal = false, retryAfterMs?: number): void {
    this.#sink?.failed({ message, fatal });
    if (fatal) {
      this.#end(message);
      return;
    }
    this.#identified.reject(new Error(message));
    this.#schedule(retryDelay(this.#delay(this.#failures++), retryAfterMs));
  }

  #delay(attempt: number): number {
    return backoffDelay(attempt, this.options.backoff, this.options.platform.random);
  }

  async #request(current: number): Promise<void> {
    const sink = this.#sink;
    if (!sink) return;
    const contextId = this.options.store.contextId;
    const controller = new AbortController();
    this.#inFlight = controller;
    const answer = await requestEvaluations(this.options, this.#context, controller);
    if (this.#inFlight === controller) this.#inFlight = undefined;
    if (current !== this.#run) return;
    if (answer.outcome === 'refused') {
      this.#failed(answer.message, true);
      return;
    }
    if (answer.outcome === 'failed') {
      this.#failed(answer.message, false, answer.retryAfterMs);
      return;
    }
    // Checked by the store (ContextResults). Refused (logged by the client) or older than what is
    // served: asked again, in a while.
    if (!sink.snapshot({ context: contextId, evaluations: answer.evaluations })) {
      this.#schedule(this.#delay(this.#failures++));
      return;
    }
    this.#succeeded();
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

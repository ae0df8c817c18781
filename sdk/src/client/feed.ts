import type { DataSource, DataSourceSink, SourceFailure } from './data-source.ts';
import { describeError, SdkKeyRefusedError } from './errors.ts';
import type { StoreUpdate } from './flag-store.ts';
import { Listeners, type Unsubscribe } from './listeners.ts';
import type { ResolvedOptions } from './options.ts';
import type { SnapshotStorage } from './persistence.ts';
import { Readiness } from './readiness.ts';
import type { ClientStatus, FlagChange } from './types.ts';

/**
 * What a feed serves: the compiled snapshot of a local client (FlagStore), or the results a
 * browser client fetched for its context. It accepts only valid data, never moves backwards, and
 * says which flags changed.
 */
export interface FeedStore {
  /** The revision being served; undefined while there is nothing to serve. */
  readonly revision: number | undefined;
  /** Replaces what is served (a snapshot, a bootstrap, what was persisted). */
  replace(input: unknown): StoreUpdate;
  /** Applies an incremental change event on top of what is served. */
  change(event: unknown): StoreUpdate;
  /** What is served, as the text to persist; undefined while there is nothing. */
  serialized(): string | undefined;
}

/** The options a feed reads. */
export type FeedOptions = Pick<
  ResolvedOptions,
  'bootstrap' | 'persistence' | 'logger' | 'platform'
>;

/**
 * Everything that reaches the client's store: the bootstrap, the persisted data and the data
 * source. It keeps the last good data serving through any failure, tracks the status, persists
 * what it accepts and tells listeners which flags changed.
 */
export class Feed<Store extends FeedStore = FeedStore> {
  readonly store: Store;
  readonly #readiness = new Readiness();
  readonly #changes: Listeners<FlagChange>;
  readonly #statuses: Listeners<ClientStatus>;
  readonly #flagListeners = new Map<string, Listeners<FlagChange>>();
  #status: ClientStatus = 'initializing';
  #problem: string | undefined;
  // Whether the served snapshot may be called ready: the source has answered, or it was given.
  #vouched = false;
  #failing = false;
  #fatal = false;
  #saving: Promise<void> = Promise.resolve();
  // Compile warnings repeat with every snapshot that still has the problem: log each one once.
  readonly #warned = new Set<string>();

  constructor(
    private readonly options: FeedOptions,
    createStore: (warn: (warning: string) => void) => Store,
    private readonly source: DataSource | undefined,
  ) {
    this.store = createStore((warning) => this.#warnOnce(warning));
    this.#changes = new Listeners(this.#listenerFailed);
    this.#statuses = new Listeners(this.#listenerFailed);
    if (options.bootstrap !== undefined) this.#bootstrap(options.bootstrap);
    if (options.persistence) void this.#restore(options.persistence);
    else if (!source) this.#settleOffline();
    source?.start(this.#sink());
  }

  get status(): ClientStatus {
    return this.#status;
  }

  /**
   * Resolves once the client serves flags; rejects with a clear error after `timeoutMs` (default
   * 10 000) while the client keeps trying in the background, or at once if it never will.
   */
  whenReady(options?: { timeoutMs?: number }): Promise<void> {
    const { platform } = this.options;
    const wanted = options?.timeoutMs;
    const timeoutMs = typeof wanted === 'number' && wanted >= 0 ? wanted : 10_000;
    return new Promise((resolve, reject) => {
      // The problem logged last (until the source recovers) says why.
      const timer = platform.setTimeout(() => {
        const problem = this.#problem ? `: ${this.#problem}` : '';
        reject(
          new Error(
            `Tripswitch was not ready within ${timeoutMs} ms${problem}; it keeps trying in the background`,
          ),
        );
      }, timeoutMs);
      this.#readiness.promise.then(
        () => {
          platform.clearTimeout(timer);
          resolve();
        },
        (error: Error) => {
          platform.clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  /** Subscribes to changes or status changes (the clients' `on`). */
  on(
    event: 'change' | 'status',
    callback: (value: FlagChange & ClientStatus) => void,
  ): Unsubscribe {
    if (event === 'change') return this.#changes.add(callback as (change: FlagChange) => void);
    if (event === 'status') return this.#statuses.add(callback as (status: ClientStatus) => void);
    throw new TypeError(`client.on: unknown event ${JSON.stringify(event)} (use change or status)`);
  }

  /** Logs a problem once, however often it repeats in a row. */
  reportOnce(problem: string, level: 'warn' | 'error' = 'warn'): void {
    if (problem === this.#problem) return;
    this.#problem = problem;
    this.options.logger[level](problem);
  }

  onFlagChange(flagKey: string, callback: (change: FlagChange) => void): Unsubscribe {
    let listeners = this.#flagListeners.get(flagKey);
    if (!listeners) {
      listeners = new Listeners(this.#listenerFailed);
      this.#flagListeners.set(flagKey, listeners);
    }
    const unsubscribe = listeners.add(callback);
    return () => {
      unsubscribe();
      if (listeners.size === 0 && this.#flagListeners.get(flagKey) === listeners) {
        this.#flagListeners.delete(flagKey);
      }
    };
  }

  async close(): Promise<void> {
    this.source?.stop();
    this.#setStatus('closed');
    this.#readiness.reject(new Error('the Tripswitch client was closed before it was ready'));
    await this.#saving;
  }

  readonly #listenerFailed = (error: unknown) =>
    this.options.logger.error(`a listener threw: ${describeError(error)}`);

  #warnOnce(warning: string): void {
    if (this.#warned.has(warning) || this.#warned.size >= 1_000) return;
    this.#warned.add(warning);
    this.options.logger.warn(warning);
  }

  #sink(): DataSourceSink {
    return {
      snapshot: (input) => this.#offer(this.store.replace(input), 'a snapshot') === 'applied',
      change: (event) => this.#offer(this.store.change(event), 'a change'),
      revision: () => this.store.revision,
      healthy: () => {
        if (this.#failing) this.options.logger.info('the snapshot source recovered');
        this.#failing = false;
        this.#problem = undefined;
        this.#vouched = true;
        if (this.#serving()) this.#setStatus('ready');
        this.#settle();
      },
      failed: (failure) => this.#failed(failure),
    };
  }

  #offer(update: StoreUpdate, what: string): StoreUpdate['outcome'] {
    if (update.outcome === 'applied') this.#applied(update.flags, true);
    if (update.outcome === 'invalid') {
      const serving =
        this.store.revision === undefined ? 'nothing' : `revision ${this.store.revision}`;
      this.#failed({ message: `refused ${what}: ${update.reason}; still serving ${serving}` });
    }
    return update.outcome;
  }

  #failed(failure: SourceFailure): void {
    this.reportOnce(failure.message, failure.fatal ? 'error' : 'warn');
    this.#failing = true;
    this.#vouched = true;
    this.#fatal ||= failure.fatal === true;
    this.#setStatus(this.#serving() && !this.#fatal ? 'stale' : 'error');
    if (this.#fatal && !this.#serving()) {
      this.#readiness.reject(new SdkKeyRefusedError(failure.message));
    }
    this.#settle();
  }

  #bootstrap(input: unknown): void {
    const update = this.store.replace(input);
    if (update.outcome !== 'applied') {
      this.reportOnce(`refused the bootstrap snapshot: ${update.reason ?? update.outcome}`);
      return;
    }
    this.#vouched = true;
    this.#setStatus('ready');
    this.#settle();
  }

  async #restore(storage: SnapshotStorage): Promise<void> {
    let text: string | undefined;
    try {
      text = await storage.load();
    } catch (error) {
      this.reportOnce(`could not load the persisted snapshot: ${describeError(error)}`);
    }
    if (this.#status === 'closed') return;
    const input = text === undefined ? undefined : parseJson(text);
    if (text !== undefined && input === undefined) {
      this.reportOnce('ignored the persisted snapshot: it is not valid JSON');
    } else if (input !== undefined) {
      const update = this.store.replace(input);
      if (update.outcome === 'applied') {
        this.#applied(update.flags, false);
        if (this.#status === 'initializing' || (this.#status === 'error' && !this.#fatal)) {
          this.#setStatus(this.source ? 'stale' : 'ready');
        }
      } else if (update.outcome === 'invalid') {
        this.reportOnce(`ignored the persisted snapshot: ${update.reason}`);
      }
    }
    if (this.source) this.#settle();
    else this.#settleOffline();
  }

  #settleOffline(): void {
    this.#vouched = true;
    if (this.#serving()) {
      this.#settle();
      return;
    }
    this.#setStatus('error');
    this.#readiness.reject(
      new Error('offline, and there is no valid bootstrap or persisted snapshot'),
    );
  }

  #settle(): void {
    if (this.#serving() && this.#vouched) this.#readiness.resolve();
  }

  #applied(flags: string[], persist: boolean): void {
    if (persist) this.#persist();
    const revision = this.store.revision;
    if (flags.length === 0 || revision === undefined) return;
    const change: FlagChange = { flags, revision };
    this.#changes.emit(change);
    for (const key of flags) this.#flagListeners.get(key)?.emit(change);
  }

  #persist(): void {
    const storage = this.options.persistence;
    const text = this.store.serialized();
    if (!storage || text === undefined) return;
    this.#saving = this.#saving
      .then(() => storage.save(text))
      .catch((error) => this.reportOnce(`could not persist the snapshot: ${describeError(error)}`));
  }

  #serving(): boolean {
    return this.store.revision !== undefined;
  }

  #setStatus(status: ClientStatus): void {
    if (this.#status === status || this.#status === 'closed') return;
    this.#status = status;
    this.#statuses.emit(status);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

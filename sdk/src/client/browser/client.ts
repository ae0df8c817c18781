import type { EvaluationDetail } from '../../core/types.ts';
import type { EvaluationContext } from '../../protocol/evaluation.ts';
import { Feed } from '../feed.ts';
import { kindOf } from '../flag-kind.ts';
import type { Unsubscribe } from '../listeners.ts';
import { type GuardedPaths, type GuardOptions, runGuarded } from '../metrics/guard.ts';
import type { Platform } from '../platform.ts';
import type { BrowserClient, ClientStatus, FlagChange, Widen } from '../types.ts';
import { checkContext, contextId } from './context-id.ts';
import { EvaluationStore } from './evaluations.ts';
import { type BrowserClientOptions, resolveBrowserOptions } from './options.ts';
import { persistenceFor } from './persistence.ts';
import { EvaluationRefresher } from './refresher.ts';
import { evaluationSource } from './source.ts';

/**
 * Creates a browser client for a client token (`tsc_...`) and starts fetching the results of its
 * context; it follows the server's revisions live and refetches them when they move.
 */
export function createBrowserClient(options: BrowserClientOptions): BrowserClient {
  const resolved = resolveBrowserOptions(options);
  const { url, sdkKey, context, bootstrap, persistence, pollIntervalMs } = resolved;
  const id = contextId(url, sdkKey, context);
  const store = new EvaluationStore(id);
  const refresher = new EvaluationRefresher({ ...resolved, store, intervalMs: pollIntervalMs });
  const feed = new Feed(
    {
      logger: resolved.logger,
      platform: resolved.platform,
      bootstrap: bootstrap === undefined ? undefined : { context: id, evaluations: bootstrap },
      persistence: persistence && persistenceFor(persistence, id),
    },
    () => store,
    evaluationSource(resolved, refresher),
  );
  return new RemoteClient(feed, refresher, resolved);
}

class RemoteClient implements BrowserClient {
  constructor(
    private readonly feed: Feed<EvaluationStore>,
    private readonly refresher: EvaluationRefresher,
    private readonly options: { url: string; sdkKey: string; platform: Platform },
  ) {}

  get status(): ClientStatus {
    return this.feed.status;
  }

  get revision(): number | undefined {
    return this.feed.store.revision;
  }

  get context(): EvaluationContext {
    return this.refresher.context;
  }

  ready(options?: { timeoutMs?: number }): Promise<void> {
    return this.feed.whenReady(options);
  }

  identify(context: EvaluationContext): Promise<void> {
    let checked: EvaluationContext;
    try {
      checked = checkContext(context, 'identify');
    } catch (error) {
      return Promise.reject(error);
    }
    const { url, sdkKey } = this.options;
    return this.refresher.identify(checked, contextId(url, sdkKey, checked));
  }

  isEnabled(flagKey: string, context: EvaluationContext, defaultValue = false): boolean {
    return this.variationDetail(flagKey, context, defaultValue === true).value;
  }

  variation<T>(flagKey: string, context: EvaluationContext, defaultValue: T): Widen<T> {
    return this.variationDetail(flagKey, context, defaultValue).value;
  }

  variationDetail<T>(
    flagKey: string,
    _context: EvaluationContext,
    defaultValue: T,
  ): EvaluationDetail<Widen<T>> {
    const fallback = defaultValue as Widen<T>;
    try {
      return this.feed.store.detail(flagKey, fallback, kindOf(defaultValue));
    } catch (error) {
      this.feed.reportOnce(`evaluation failed unexpectedly: ${String(error)}`);
      return { flagKey, value: fallback, reason: 'ERROR', errorCode: 'GENERAL' };
    }
  }

  allFlags(_context: EvaluationContext): Record<string, unknown> {
    try {
      return this.feed.store.values();
    } catch (error) {
      this.feed.reportOnce(`evaluation failed unexpectedly: ${String(error)}`);
      return {};
    }
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

  /** Outcome metrics take a server token: nothing is counted here. */
  track(): void {}

  guard<T>(
    flagKey: string,
    _context: EvaluationContext,
    paths: GuardedPaths<T>,
    options?: GuardOptions,
  ): T {
    const host = {
      serve: (key: string) => this.feed.store.detail(key, undefined, undefined).variant,
      record: () => {},
      now: () => this.options.platform.now(),
    };
    return runGuarded(host, flagKey, undefined, paths, options);
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return this.feed.close();
  }
}

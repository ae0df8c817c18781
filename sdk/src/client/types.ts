import type { EvaluationDetail } from '../core/index.ts';
import type { EvaluationContext } from '../protocol/evaluation.ts';
import type { Unsubscribe } from './listeners.ts';
import type { Outcome } from './metrics/counters.ts';
import type { GuardedPaths, GuardOptions } from './metrics/guard.ts';

/**
 * Where the client stands. `initializing`: nothing to serve yet. `ready`: serving a snapshot its
 * source confirmed current (or the bootstrap, offline). `stale`: serving a last known snapshot while
 * the source is failing or has not confirmed it yet. `error`: the source failed with nothing to
 * serve, or refused the SDK key. `closed`: after `close()`.
 */
export type ClientStatus = 'initializing' | 'ready' | 'stale' | 'error' | 'closed';

/** Flags that may now evaluate differently, and the revision that changed them. */
export interface FlagChange {
  flags: string[];
  revision: number;
}

/** The type a variation returns for a default: `true` gives boolean, `'a'` gives string. */
export type Widen<T> = T extends boolean
  ? boolean
  : T extends string
    ? string
    : T extends number
      ? number
      : T;

/**
 * A Tripswitch client: evaluates flags locally from a snapshot kept current in the background.
 * Evaluation is synchronous, never throws and never waits on the network.
 */
export interface TripswitchClient {
  /** Where the client stands; see ClientStatus. */
  readonly status: ClientStatus;
  /** The revision of the snapshot being served, undefined before the first. */
  readonly revision: number | undefined;
  /**
   * Resolves once the client serves flags; rejects with a clear error after `timeoutMs` (default
   * 10 000) while the client keeps trying in the background, or at once if the SDK key is refused.
   */
  ready(options?: { timeoutMs?: number }): Promise<void>;
  /** Whether a boolean flag is on for this context; `defaultValue` (false) when it cannot say. */
  isEnabled(flagKey: string, context: EvaluationContext, defaultValue?: boolean): boolean;
  /** The flag's value for this context; its kind must match the default's type, else the default. */
  variation<T>(flagKey: string, context: EvaluationContext, defaultValue: T): Widen<T>;
  /** Like `variation`, with the reason, variant, rule and flag version behind the value. */
  variationDetail<T>(
    flagKey: string,
    context: EvaluationContext,
    defaultValue: T,
  ): EvaluationDetail<Widen<T>>;
  /** Every flag's value for this context, by flag key. */
  allFlags(context: EvaluationContext): Record<string, unknown>;
  /** Calls back once per real change, with the keys of the flags that changed. */
  on(event: 'change', callback: (change: FlagChange) => void): Unsubscribe;
  /** Calls back when the status changes. */
  on(event: 'status', callback: (status: ClientStatus) => void): Unsubscribe;
  /** Calls back when this one flag changes. */
  onFlagChange(flagKey: string, callback: (change: FlagChange) => void): Unsubscribe;
  /**
   * Reports an outcome for guardrails. With a flag key: one call served by that flag for this
   * context (`error`, `latencyMs`, `value`), counted against the variant it is served. With any
   * other name: a custom event (`value` summed), counted for every flag evaluated lately, against
   * the variant each serves this context. Never throws, never waits.
   */
  track(flagKeyOrEvent: string, context: EvaluationContext, outcome?: Outcome): void;
  /**
   * Runs the path of the variant the flag serves this context (`{ on: newCode, off: oldCode }`),
   * timing it and counting a throw or rejection against that variant; `fallback` names the path
   * that answers instead when the flag cannot choose or the chosen path fails.
   */
  guard<T>(
    flagKey: string,
    context: EvaluationContext,
    paths: GuardedPaths<T>,
    options?: GuardOptions,
  ): T;
  /** Sends the outcome metrics counted so far now, instead of at the next interval. */
  flush(): Promise<void>;
  /** Stops background work, sends the last outcome metrics and persists the last snapshot. */
  close(): Promise<void>;
}

/**
 * A client for browsers, made by `createBrowserClient` with a client token: the server evaluates
 * every flag for one context at a time and sends the results, never the rules. Its evaluation
 * calls take the same arguments as TripswitchClient's and stay synchronous, but they serve the
 * client's context (pass `client.context`): their context argument is not used. `track` and
 * `flush` do nothing (outcome metrics take a server token); `guard` runs the served path.
 */
export interface BrowserClient extends TripswitchClient {
  /** Who every evaluation is for; `identify` changes it. */
  readonly context: EvaluationContext;
  /**
   * Evaluates for another context from now on: fetches its results at once, serving the previous
   * context's until they arrive. Resolves once they are served; rejects if fetching them fails
   * (the client keeps trying in the background) or the client is closed.
   */
  identify(context: EvaluationContext): Promise<void>;
}

/** Whether a client serves one context at a time (a BrowserClient), so a new context needs identify. */
export function isBrowserClient(client: TripswitchClient): client is BrowserClient {
  return typeof (client as Partial<BrowserClient>).identify === 'function';
}

import {
  ClientProviderEvents,
  type JsonValue,
  type EvaluationContext as OpenFeatureContext,
  OpenFeatureEventEmitter,
  type Provider,
  type ResolutionDetails,
  type TrackingEventDetails,
} from '@openfeature/web-sdk';
import { isBrowserClient, type TripswitchClient } from '../client/types.ts';
import { ClientFollower, type TripswitchProviderOptions } from './follower.ts';
import { forwardTrack, resolveFlag, toTripswitchContext } from './resolution.ts';

export type { TripswitchProviderOptions };

/**
 * The Tripswitch provider for `@openfeature/web-sdk` (`@tripswitch/sdk/openfeature/web`), static
 * context: the application sets one context and resolution is synchronous. A local client
 * evaluates it in place; a browser client (client token) fetches its results when it changes.
 */
export class TripswitchWebProvider implements Provider {
  /** The provider's name in OpenFeature's metadata. */
  readonly metadata = { name: 'Tripswitch' } as const;
  /** This provider follows the client (static context) paradigm. */
  readonly runsOn = 'client' as const;
  /** READY, STALE, ERROR and CONFIGURATION_CHANGED (with flagsChanged) as the client lives. */
  readonly events = new OpenFeatureEventEmitter();
  readonly #follower: ClientFollower;

  constructor(
    private readonly client: TripswitchClient,
    private readonly options: TripswitchProviderOptions = {},
  ) {
    this.#follower = new ClientFollower(client, {
      ready: () => this.events.emit(ClientProviderEvents.Ready),
      stale: () => this.events.emit(ClientProviderEvents.Stale),
      error: () => this.events.emit(ClientProviderEvents.Error),
      configurationChanged: (flagsChanged) =>
        this.events.emit(ClientProviderEvents.ConfigurationChanged, { flagsChanged }),
    });
  }

  /**
   * Waits until the client serves flags (called by OpenFeature.setProvider); a browser client
   * serves OpenFeature's context, when one is set, instead of the one it was created with.
   */
  async initialize(context?: OpenFeatureContext): Promise<void> {
    const client = this.client;
    const identify =
      isBrowserClient(client) && context && Object.keys(context).length > 0
        ? () => client.identify(toTripswitchContext(context))
        : undefined;
    // Fetching starts at once; a failure here is retried while ready() waits.
    void identify?.();
    await this.#follower.initialize(this.options.readyTimeoutMs);
    // Served by now, or still on their way when the client was ready with its own context.
    await identify?.();
  }

  /**
   * A local client holds the whole environment, so a new context needs no fetch: the next
   * resolutions simply use it. A browser client fetches the new context's results, and OpenFeature
   * reconciles until they are served.
   */
  async onContextChange(_old: OpenFeatureContext, next: OpenFeatureContext): Promise<void> {
    if (isBrowserClient(this.client)) await this.client.identify(toTripswitchContext(next));
  }

  /** Stops following the client and closes it. */
  async onClose(): Promise<void> {
    this.#follower.close();
    await this.client.close();
  }

  /** Resolves a boolean flag locally, synchronously. */
  resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: OpenFeatureContext,
  ): ResolutionDetails<boolean> {
    return this.#resolve(flagKey, defaultValue, context);
  }

  /** Resolves a string flag locally, synchronously. */
  resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: OpenFeatureContext,
  ): ResolutionDetails<string> {
    return this.#resolve(flagKey, defaultValue, context);
  }

  /** Resolves a number flag locally, synchronously. */
  resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: OpenFeatureContext,
  ): ResolutionDetails<number> {
    return this.#resolve(flagKey, defaultValue, context);
  }

  /** Resolves a JSON flag locally, synchronously. */
  resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: OpenFeatureContext,
  ): ResolutionDetails<T> {
    return this.#resolve(flagKey, defaultValue, context);
  }

  /**
   * A browser client serves results the server evaluated; while it is stale (a bootstrap or a
   * persisted result that the server has not confirmed, or an outage) they are reported CACHED,
   * as OpenFeature's reason for a value from a cache says. A local client evaluates the rules
   * itself, so its reasons hold whatever the snapshot's age.
   */
  #resolve<T>(flagKey: string, defaultValue: T, context: OpenFeatureContext): ResolutionDetails<T> {
    const resolution = resolveFlag(this.client, flagKey, defaultValue, context);
    if (
      resolution.reason !== 'ERROR' &&
      this.client.status === 'stale' &&
      isBrowserClient(this.client)
    ) {
      resolution.reason = 'CACHED';
    }
    return resolution;
  }

  /** Forwards a tracking event to the client's `track` (outcome metrics; counted from Node only). */
  track(name: string, context: OpenFeatureContext, details: TrackingEventDetails): void {
    forwardTrack(this.client, name, context, details);
  }
}

import {
  ClientProviderEvents,
  type JsonValue,
  type EvaluationContext as OpenFeatureContext,
  OpenFeatureEventEmitter,
  type Provider,
  type ResolutionDetails,
  type TrackingEventDetails,
} from '@openfeature/web-sdk';
import type { TripswitchClient } from '../client/types.ts';
import { ClientFollower, type TripswitchProviderOptions } from './follower.ts';
import { forwardTrack, resolveFlag } from './resolution.ts';

export type { TripswitchProviderOptions };

/**
 * The Tripswitch provider for `@openfeature/web-sdk` (`@tripswitch/sdk/openfeature/web`), static
 * context: the application sets one context and resolution is synchronous and local.
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

  /** Waits until the client serves flags (called by OpenFeature.setProvider). */
  initialize(): Promise<void> {
    return this.#follower.initialize(this.options.readyTimeoutMs);
  }

  /**
   * The client holds the whole environment and evaluates locally, so a new context needs no
   * fetch: the next resolutions simply use it.
   */
  async onContextChange(_old: OpenFeatureContext, _new: OpenFeatureContext): Promise<void> {}

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
    return resolveFlag(this.client, flagKey, defaultValue, context);
  }

  /** Resolves a string flag locally, synchronously. */
  resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: OpenFeatureContext,
  ): ResolutionDetails<string> {
    return resolveFlag(this.client, flagKey, defaultValue, context);
  }

  /** Resolves a number flag locally, synchronously. */
  resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: OpenFeatureContext,
  ): ResolutionDetails<number> {
    return resolveFlag(this.client, flagKey, defaultValue, context);
  }

  /** Resolves a JSON flag locally, synchronously. */
  resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: OpenFeatureContext,
  ): ResolutionDetails<T> {
    return resolveFlag(this.client, flagKey, defaultValue, context);
  }

  /** Forwards to the client's `track` once it has one (the guardrails work adds it); a no-op until then. */
  track(name: string, context: OpenFeatureContext, details: TrackingEventDetails): void {
    forwardTrack(this.client, name, context, details);
  }
}

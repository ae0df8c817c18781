import {
  type JsonValue,
  type EvaluationContext as OpenFeatureContext,
  OpenFeatureEventEmitter,
  type Provider,
  type ResolutionDetails,
  ServerProviderEvents,
  type TrackingEventDetails,
} from '@openfeature/server-sdk';
import type { TripswitchClient } from '../client/types.ts';
import { ClientFollower, type TripswitchProviderOptions } from './follower.ts';
import { forwardTrack, resolveFlag } from './resolution.ts';

/**
 * The Tripswitch provider for `@openfeature/server-sdk` (dynamic context: one context per call).
 * It evaluates locally through the client it is given, and closes that client in `onClose`.
 */
export class TripswitchServerProvider implements Provider {
  /** The provider's name in OpenFeature's metadata. */
  readonly metadata = { name: 'Tripswitch' } as const;
  /** This provider follows the server paradigm. */
  readonly runsOn = 'server' as const;
  /** READY, STALE, ERROR and CONFIGURATION_CHANGED (with flagsChanged) as the client lives. */
  readonly events = new OpenFeatureEventEmitter();
  readonly #follower: ClientFollower;

  constructor(
    private readonly client: TripswitchClient,
    private readonly options: TripswitchProviderOptions = {},
  ) {
    this.#follower = new ClientFollower(client, {
      ready: () => this.events.emit(ServerProviderEvents.Ready),
      stale: () => this.events.emit(ServerProviderEvents.Stale),
      error: () => this.events.emit(ServerProviderEvents.Error),
      configurationChanged: (flagsChanged) =>
        this.events.emit(ServerProviderEvents.ConfigurationChanged, { flagsChanged }),
    });
  }

  /** Waits until the client serves flags (called by OpenFeature.setProvider). */
  initialize(): Promise<void> {
    return this.#follower.initialize(this.options.readyTimeoutMs);
  }

  /** Stops following the client and closes it. */
  async onClose(): Promise<void> {
    this.#follower.close();
    await this.client.close();
  }

  /** Resolves a boolean flag locally. */
  async resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: OpenFeatureContext,
  ): Promise<ResolutionDetails<boolean>> {
    return resolveFlag(this.client, flagKey, defaultValue, context);
  }

  /** Resolves a string flag locally. */
  async resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: OpenFeatureContext,
  ): Promise<ResolutionDetails<string>> {
    return resolveFlag(this.client, flagKey, defaultValue, context);
  }

  /** Resolves a number flag locally. */
  async resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: OpenFeatureContext,
  ): Promise<ResolutionDetails<number>> {
    return resolveFlag(this.client, flagKey, defaultValue, context);
  }

  /** Resolves a JSON flag locally. */
  async resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: OpenFeatureContext,
  ): Promise<ResolutionDetails<T>> {
    return resolveFlag(this.client, flagKey, defaultValue, context);
  }

  /** Forwards a tracking event to the client's `track`: an outcome or custom event for guardrails. */
  track(name: string, context: OpenFeatureContext, details: TrackingEventDetails): void {
    forwardTrack(this.client, name, context, details);
  }
}

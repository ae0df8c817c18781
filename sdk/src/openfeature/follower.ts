import { ProviderFatalError } from '@openfeature/core';
import { SdkKeyRefusedError } from '../client/errors.ts';
import type { Unsubscribe } from '../client/listeners.ts';
import type { ClientStatus, TripswitchClient } from '../client/types.ts';

/** Options of the OpenFeature providers. */
export interface TripswitchProviderOptions {
  /** How long `initialize` waits for the client (client.ready's timeout); default 10 000 ms. */
  readyTimeoutMs?: number;
}

/** The provider events a client's life turns into; each provider emits them with its SDK's enum. */
export interface ProviderSignals {
  ready(): void;
  stale(): void;
  error(): void;
  configurationChanged(flagsChanged: string[]): void;
}

/**
 * Turns the client's status and change events into OpenFeature provider events. While `initialize`
 * runs, the SDK itself announces READY or ERROR from its outcome, so nothing is emitted then;
 * afterwards every status change is (READY after STALE or ERROR means recovered).
 */
export class ClientFollower {
  #initializing = false;
  #unsubscribe: Unsubscribe[] = [];

  constructor(
    private readonly client: TripswitchClient,
    private readonly signals: ProviderSignals,
  ) {}

  async initialize(timeoutMs: number | undefined): Promise<void> {
    if (this.#unsubscribe.length === 0) {
      this.#unsubscribe = [
        this.client.on('status', (status) => this.#statusChanged(status)),
        this.client.on('change', (change) => {
          if (!this.#initializing) this.signals.configurationChanged(change.flags);
        }),
      ];
    }
    this.#initializing = true;
    try {
      await this.client.ready(timeoutMs === undefined ? {} : { timeoutMs });
    } catch (error) {
      // A refused key will not be accepted later: OpenFeature's FATAL, not a retryable ERROR.
      if (error instanceof SdkKeyRefusedError) throw new ProviderFatalError(error.message);
      throw error;
    } finally {
      this.#initializing = false;
    }
    // Ready, but serving a last known snapshot: say so once the SDK has announced READY.
    if (this.client.status === 'stale') {
      setTimeout(() => {
        if (this.client.status === 'stale') this.signals.stale();
      }, 0);
    }
  }

  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
  }

  #statusChanged(status: ClientStatus): void {
    if (this.#initializing) return;
    if (status === 'ready') this.signals.ready();
    else if (status === 'stale') this.signals.stale();
    else if (status === 'error') this.signals.error();
  }
}

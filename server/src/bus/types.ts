import type { ChangeEvent } from '@tripswitch/sdk/protocol';

/** What instances tell each other: a committed change, or a revoked token. */
export type BusMessage =
  | { type: 'change'; event: ChangeEvent }
  | { type: 'token-revoked'; tokenId: string };

/**
 * Carries messages between server instances: Redis pub/sub when REDIS_URL is set, an in-process
 * bus otherwise. Delivery is at most once, to every instance including the sender; anti-entropy
 * repairs whatever is lost.
 */
export interface Bus {
  /** Sends to every instance; resolves once handed over, and never rejects (a loss is logged). */
  publish(message: BusMessage): Promise<void>;
  /** Hears every message, this instance's own included. */
  onMessage(handler: (message: BusMessage) => void): void;
  /** Hears that the bus came back after an outage, during which messages may have been lost. */
  onReconnect(handler: () => void): void;
  close(): Promise<void>;
}

import type { ServerResponse } from 'node:http';

/** One open SSE stream: an SDK following an environment's changes (or a browser its pings). */
export class Subscriber {
  #open = true;

  constructor(
    readonly tokenId: string,
    readonly environment: string,
    private readonly response: ServerResponse,
  ) {}

  /** Called once when the connection closes, whoever closed it. */
  onClose(listener: () => void): void {
    this.response.once('close', listener);
  }

  get open(): boolean {
    return this.#open && !this.response.destroyed;
  }

  /** Bytes written but not yet taken by the socket: what a slow reader costs us. */
  get buffered(): number {
    return this.response.writableLength;
  }

  write(frame: Buffer): void {
    if (this.open) this.response.write(frame);
  }

  /** Ends the stream, after a last frame (a retry hint) when given. */
  end(frame?: Buffer): void {
    if (!this.#open) return;
    this.#open = false;
    if (this.response.destroyed) return;
    this.response.end(frame);
  }

  /** Drops the connection at once, unsent bytes and all (a subscriber that cannot keep up). */
  destroy(): void {
    this.#open = false;
    this.response.destroy();
  }
}

/** Every open stream of this instance, by token, for per-token limits and revocation. */
export class StreamRegistry {
  readonly #byToken = new Map<string, Set<Subscriber>>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  countFor(tokenId: string): number {
    return this.#byToken.get(tokenId)?.size ?? 0;
  }

  add(subscriber: Subscriber): void {
    let set = this.#byToken.get(subscriber.tokenId);
    if (!set) {
      set = new Set();
      this.#byToken.set(subscriber.tokenId, set);
    }
    set.add(subscriber);
    this.#size++;
  }

  remove(subscriber: Subscriber): void {
    const set = this.#byToken.get(subscriber.tokenId);
    if (!set?.delete(subscriber)) return;
    this.#size--;
    if (set.size === 0) this.#byToken.delete(subscriber.tokenId);
  }

  /** The streams of a revoked token: they end, and the SDK's reconnect gets 401. */
  ofToken(tokenId: string): Subscriber[] {
    return [...(this.#byToken.get(tokenId) ?? [])];
  }

  all(): Subscriber[] {
    return [...this.#byToken.values()].flatMap((set) => [...set]);
  }
}

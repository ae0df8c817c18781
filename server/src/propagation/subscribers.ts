import type { Socket } from 'node:net';

/**
 * One open SSE stream: an SDK following an environment's changes (or a browser its pings). It
 * holds the connection's socket and nothing of the request that opened it, so Fastify's request
 * and reply are collected once the stream has started: an idle stream costs what Node's
 * connection costs, and little more.
 */
export class Subscriber {
  #open = true;

  constructor(
    readonly tokenId: string,
    readonly environment: string,
    readonly socket: Socket,
    /** The environment's set of streams (or pings) this one is in. */
    readonly followed: Set<Subscriber>,
  ) {}

  get open(): boolean {
    return this.#open && !this.socket.destroyed;
  }

  /** Bytes written but not yet taken by the kernel: what a slow reader costs us. */
  get buffered(): number {
    return this.socket.writableLength;
  }

  write(frame: Buffer): void {
    if (this.open) this.socket.write(frame);
  }

  /** Writes `frame` without sending it until `flush`; false when the stream is closed. */
  queue(frame: Buffer): boolean {
    if (!this.open) return false;
    this.socket.cork();
    this.socket.write(frame);
    return true;
  }

  /** Sends what `queue` wrote, in one system call. */
  flush(): void {
    this.socket.uncork();
  }

  /** Ends the stream, after a last frame (a retry hint) when given, and closes the connection. */
  end(frame?: Buffer): void {
    if (!this.#open) return;
    this.#open = false;
    if (this.socket.destroyed) return;
    // Closed once the last bytes are out, whether or not the SDK closes its side.
    const close = () => this.socket.destroy();
    if (frame) this.socket.end(frame, close);
    else this.socket.end(close);
  }

  /** Drops the connection at once, unsent bytes and all (a subscriber that cannot keep up). */
  destroy(): void {
    this.#open = false;
    this.socket.destroy();
  }
}

/** Every open stream of this instance, by socket and by token (per-token limits, revocation). */
export class StreamRegistry {
  readonly #bySocket = new Map<Socket, Subscriber>();
  readonly #byToken = new Map<string, Set<Subscriber>>();
  /** One 'close' listener shared by every stream's socket: no closure per stream. */
  readonly #closed: (this: Socket) => void;

  constructor() {
    const registry = this;
    this.#closed = function closed(this: Socket) {
      registry.#forget(this);
    };
  }

  get size(): number {
    return this.#bySocket.size;
  }

  countFor(tokenId: string): number {
    return this.#byToken.get(tokenId)?.size ?? 0;
  }

  /** Follows a stream until its connection closes, whoever closes it. */
  add(subscriber: Subscriber): void {
    this.#bySocket.set(subscriber.socket, subscriber);
    let set = this.#byToken.get(subscriber.tokenId);
    if (!set) {
      set = new Set();
      this.#byToken.set(subscriber.tokenId, set);
    }
    set.add(subscriber);
    subscriber.followed.add(subscriber);
    subscriber.socket.on('close', this.#closed);
  }

  /** The streams of a revoked token: they end, and the SDK's reconnect gets 401. */
  ofToken(tokenId: string): Subscriber[] {
    return [...(this.#byToken.get(tokenId) ?? [])];
  }

  /** The tokens that hold at least one stream here. */
  tokenIds(): IterableIterator<string> {
    return this.#byToken.keys();
  }

  all(): Subscriber[] {
    return [...this.#bySocket.values()];
  }

  #forget(socket: Socket): void {
    const subscriber = this.#bySocket.get(socket);
    if (!subscriber) return;
    this.#bySocket.delete(socket);
    subscriber.followed.delete(subscriber);
    const set = this.#byToken.get(subscriber.tokenId);
    set?.delete(subscriber);
    if (set?.size === 0) this.#byToken.delete(subscriber.tokenId);
  }
}

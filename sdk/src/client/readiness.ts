/**
 * The first moment the client can serve flags, settled once: resolved when it serves a snapshot it
 * has checked with its source (or one it was given), rejected when it never will (a refused SDK
 * key, or closed first).
 */
export class Readiness {
  readonly promise: Promise<void>;
  #settled = false;
  #resolve!: () => void;
  #reject!: (error: Error) => void;

  constructor() {
    this.promise = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // Nobody may be waiting: a rejection must never surface as unhandled.
    this.promise.catch(() => {});
  }

  get settled(): boolean {
    return this.#settled;
  }

  resolve(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#resolve();
  }

  reject(error: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#reject(error);
  }
}

/** Stops a subscription; calling it twice is harmless. */
export type Unsubscribe = () => void;

/**
 * A set of callbacks that are called in order; a callback that throws is reported and never
 * stops the others or the client.
 */
export class Listeners<T> {
  readonly #callbacks = new Set<(value: T) => void>();

  constructor(private readonly report: (error: unknown) => void) {}

  get size(): number {
    return this.#callbacks.size;
  }

  add(callback: (value: T) => void): Unsubscribe {
    // A wrapper makes every subscription distinct, even for the same function twice.
    const entry = (value: T) => callback(value);
    this.#callbacks.add(entry);
    return () => {
      this.#callbacks.delete(entry);
    };
  }

  emit(value: T): void {
    for (const callback of this.#callbacks) {
      try {
        callback(value);
      } catch (error) {
        this.report(error);
      }
    }
  }
}

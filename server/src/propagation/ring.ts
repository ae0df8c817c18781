/** A change frame as sent: it takes an SDK at any revision in [baseRevision, revision) to revision. */
export interface RingEntry {
  baseRevision: number;
  revision: number;
  frame: Buffer;
}

/**
 * The most recent change frames of one environment, oldest first, so an SDK that reconnects with
 * Last-Event-ID gets what it missed instead of a whole snapshot. Frames are contiguous: each one
 * starts at or below the revision the previous one ended on.
 */
export class ChangeRing {
  readonly #entries: RingEntry[] = [];

  constructor(private readonly capacity: number) {}

  push(entry: RingEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.capacity) this.#entries.shift();
  }

  /**
   * The frames that take an SDK at `revision` to `current` (the environment's revision): empty
   * when it is current, undefined when the ring does not reach back that far, or when the SDK
   * claims a revision this instance has not reached (either way it needs the snapshot).
   */
  after(revision: number, current: number): Buffer[] | undefined {
    if (revision === current) return [];
    if (revision > current) return undefined;
    const first = this.#entries.findIndex((entry) => entry.revision > revision);
    if (first === -1 || (this.#entries[first] as RingEntry).baseRevision > revision) {
      return undefined;
    }
    return this.#entries.slice(first).map((entry) => entry.frame);
  }
}

import { applyChange, type CompiledSnapshot, toSnapshot } from '@tripswitch/sdk/core';
import type { ChangeEvent } from '@tripswitch/sdk/protocol';
import { ChangeRing } from './ring.ts';
import { sseFrame } from './sse.ts';
import type { Subscriber } from './subscribers.ts';

/** Recent change frames kept per environment for Last-Event-ID resumes. */
const RING_SIZE = 256;
/**
 * How many browsers' evaluation fetches an instance is asked to take per second after a change:
 * a fraction of what /sdk/v1/evaluate answers (BENCHMARKS.md), leaving room for everything else.
 */
export const BROWSER_REFETCHES_PER_SECOND = 2_000;
/** However many browsers follow an environment, the last one refetches within this. */
const MAX_SPREAD_MS = 30_000;

/** How a change reaches subscribers; slow ones are closed rather than buffered without limit. */
export interface Fanout {
  bufferBytes: number;
  onSlow(subscriber: Subscriber): void;
}

function flush(queued: Subscriber[]): void {
  for (const subscriber of queued) subscriber.flush();
}

/**
 * Queues the frame on every subscriber's socket, and sends them all once the work at hand is done
 * (the writer's answer, the publish to the other instances): the sends are one system call per
 * socket, tens of milliseconds for thousands of streams, and must not hold that work back.
 */
function broadcast(subscribers: Set<Subscriber>, frame: Buffer, fanout: Fanout): void {
  const queued: Subscriber[] = [];
  for (const subscriber of subscribers) {
    if (subscriber.buffered > fanout.bufferBytes) fanout.onSlow(subscriber);
    else if (subscriber.queue(frame)) queued.push(subscriber);
  }
  process.nextTick(flush, queued);
}

/**
 * One environment as this instance serves it: the compiled snapshot (for evaluations), its JSON
 * and SSE frame built at most once per revision, recent change frames, and the open streams.
 */
export class LiveEnvironment {
  #compiled: CompiledSnapshot;
  #snapshotBody: string | undefined;
  #snapshotFrame: Buffer | undefined;
  #revisionFrame: Buffer | undefined;
  #refetchFrame: Buffer | undefined;
  readonly ring = new ChangeRing(RING_SIZE);
  /** Server-token streams: they get every change. */
  readonly streams = new Set<Subscriber>();
  /** Client-token streams: they only hear that the revision moved. */
  readonly pings = new Set<Subscriber>();
  /** OFREP event streams (either token): a refetchEvaluation event per change. */
  readonly refetches = new Set<Subscriber>();

  constructor(compiled: CompiledSnapshot) {
    this.#compiled = compiled;
  }

  get name(): string {
    return this.#compiled.environment;
  }

  get compiled(): CompiledSnapshot {
    return this.#compiled;
  }

  get revision(): number {
    return this.#compiled.revision;
  }

  get etag(): string {
    return `"${this.#compiled.revision}"`;
  }

  /** The snapshot as JSON text, serialized on first use after each change. */
  snapshotBody(): string {
    this.#snapshotBody ??= JSON.stringify(toSnapshot(this.#compiled));
    return this.#snapshotBody;
  }

  /** The `snapshot` SSE event for streams that start (or cannot resume). */
  snapshotFrame(): Buffer {
    this.#snapshotFrame ??= sseFrame('snapshot', this.revision, this.snapshotBody());
    return this.#snapshotFrame;
  }

  /**
   * The `revision` SSE event of client streams. Every browser that hears it fetches its results
   * again, so it asks them to spread those fetches at random over `spreadMs`, sized to the
   * browsers following this environment here: an instance then answers about
   * BROWSER_REFETCHES_PER_SECOND of them a second, not all at once.
   */
  revisionFrame(): Buffer {
    if (!this.#revisionFrame) {
      const spreadMs = Math.min(
        MAX_SPREAD_MS,
        Math.floor((this.pings.size * 1000) / BROWSER_REFETCHES_PER_SECOND),
      );
      const data = `{"revision":${this.revision},"spreadMs":${spreadMs}}`;
      this.#revisionFrame = sseFrame('revision', this.revision, data);
    }
    return this.#revisionFrame;
  }

  /**
   * OFREP's change notification (ADR-0008): `event: message`, as every EventSource hears it, and
   * the revision's ETag, which the provider sends back as flagConfigEtag.
   */
  refetchFrame(): Buffer {
    this.#refetchFrame ??= sseFrame(
      'message',
      this.revision,
      JSON.stringify({ type: 'refetchEvaluation', etag: this.etag }),
    );
    return this.#refetchFrame;
  }

  /**
   * Applies a change with the SDK core (the same code SDKs run) and, when it moves the revision,
   * serializes it once and writes that frame to every stream.
   */
  apply(event: ChangeEvent, fanout: Fanout): 'applied' | 'stale' | 'gap' | 'invalid' {
    const result = applyChange(this.#compiled, event);
    if (result.kind !== 'applied') return result.kind;
    this.#compiled = result.snapshot;
    this.#snapshotBody = undefined;
    this.#snapshotFrame = undefined;
    this.#revisionFrame = undefined;
    this.#refetchFrame = undefined;
    const frame = sseFrame('change', event.revision, JSON.stringify(event));
    this.ring.push({ baseRevision: event.baseRevision, revision: event.revision, frame });
    broadcast(this.streams, frame, fanout);
    if (this.pings.size > 0) broadcast(this.pings, this.revisionFrame(), fanout);
    if (this.refetches.size > 0) broadcast(this.refetches, this.refetchFrame(), fanout);
    return 'applied';
  }
}

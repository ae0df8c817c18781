import { compileSnapshot, toSnapshot } from '@tripswitch/sdk/core';
import type { ChangeEvent } from '@tripswitch/sdk/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { PrismaClient } from '../store/prisma.ts';
import { diffSnapshots } from './diff.ts';
import { type Fanout, LiveEnvironment } from './live-environment.ts';
import { buildSnapshot } from './load.ts';
import type { PropagationMetrics } from './metrics.ts';

/** How long an event that arrived ahead of its predecessor waits for it before a reload. */
const GAP_WAIT_MS = 100;
/** Events held per environment while waiting; past this the oldest go (a reload covers them). */
const MAX_HELD = 1_000;

export interface LiveEnvironmentsDeps {
  db: PrismaClient;
  log: FastifyBaseLogger;
  metrics: PropagationMetrics;
  fanout: Fanout;
  /** An environment that no longer exists: its streams must end. */
  dropped(environment: LiveEnvironment): void;
}

/**
 * Every environment this instance serves, kept current by change events (from the bus, or from
 * its own writes) and repaired from Postgres when it misses one: a gap that does not fill within
 * GAP_WAIT_MS, or a revision found behind by anti-entropy. A repair is broadcast as one change from
 * the old revision to the new, so SDKs never need to know it happened.
 */
export class LiveEnvironments {
  readonly #live = new Map<string, LiveEnvironment>();
  readonly #reloading = new Map<string, Promise<LiveEnvironment | null>>();
  readonly #held = new Map<string, ChangeEvent[]>();
  readonly #gapTimers = new Map<string, NodeJS.Timeout>();
  #closed = false;

  constructor(private readonly deps: LiveEnvironmentsDeps) {}

  get(name: string): LiveEnvironment | undefined {
    return this.#live.get(name);
  }

  all(): LiveEnvironment[] {
    return [...this.#live.values()];
  }

  /** The environment, read from Postgres on first use; null when there is no such environment. */
  load(name: string): Promise<LiveEnvironment | null> {
    const live = this.#live.get(name);
    return live ? Promise.resolve(live) : this.reload(name, 'load');
  }

  /** A change event from the bus or from this instance's own write. */
  receive(event: ChangeEvent): void {
    const receivedAt = performance.now();
    const live = this.#live.get(event.environment);
    if (live) this.#offer(live, event, receivedAt);
    // A load in progress may have read Postgres before this commit: hold it for afterwards.
    else if (this.#reloading.has(event.environment)) this.#hold(event);
  }

  /** Reads the environment from Postgres and broadcasts whatever this instance had missed. */
  reload(
    name: string,
    reason: 'load' | 'gap' | 'resync' | 'invalid',
  ): Promise<LiveEnvironment | null> {
    let reloading = this.#reloading.get(name);
    if (!reloading) {
      this.deps.metrics.reloads.inc({ reason });
      reloading = this.#read(name).finally(() => this.#reloading.delete(name));
      this.#reloading.set(name, reloading);
    }
    return reloading;
  }

  /** Anti-entropy: every environment's revision in one query; reload those that moved without us. */
  async resync(): Promise<void> {
    const rows = await this.deps.db.environment.findMany({ select: { key: true, revision: true } });
    const revisions = new Map(rows.map((row) => [row.key, row.revision]));
    const reloads: Promise<unknown>[] = [];
    for (const live of this.#live.values()) {
      const revision = revisions.get(live.name);
      if (revision === undefined) this.#drop(live);
      else if (revision > live.revision) reloads.push(this.reload(live.name, 'resync'));
    }
    await Promise.all(reloads);
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#gapTimers.values()) clearTimeout(timer);
    this.#gapTimers.clear();
  }

  async #read(name: string): Promise<LiveEnvironment | null> {
    const snapshot = await buildSnapshot(this.deps.db, name);
    const live = this.#live.get(name);
    if (this.#closed) return live ?? null;
    if (!snapshot) {
      if (live) this.#drop(live);
      return null;
    }
    if (live) {
      if (snapshot.revision > live.revision) {
        this.#offer(live, diffSnapshots(toSnapshot(live.compiled), snapshot), performance.now());
      }
      // Held events the reload did not reach wait again (and may ask for another reload).
      if (this.#held.has(name)) this.#applyHeld(live);
      return live;
    }
    const compiled = compileSnapshot(snapshot, (warning) =>
      this.deps.log.warn({ environment: name }, warning),
    );
    if (!compiled.ok) {
      this.deps.log.error({ environment: name, reason: compiled.reason }, 'snapshot refused');
      return null;
    }
    const created = new LiveEnvironment(compiled.snapshot);
    this.#live.set(name, created);
    this.#applyHeld(created);
    return created;
  }

  #offer(live: LiveEnvironment, event: ChangeEvent, receivedAt: number): void {
    const outcome = live.apply(event, this.deps.fanout);
    this.deps.metrics.events.inc({ outcome });
    if (outcome === 'applied') {
      this.deps.metrics.fanoutSeconds.observe((performance.now() - receivedAt) / 1000);
      if (this.#held.has(live.name)) this.#applyHeld(live);
    } else if (outcome === 'gap') {
      this.#hold(event);
      this.#reloadUnlessFilled(live.name);
    } else if (outcome === 'invalid') {
      this.deps.log.error(
        { environment: live.name, revision: event.revision },
        'a change event was refused; reloading the environment',
      );
      void this.reload(live.name, 'invalid');
    }
  }

  #hold(event: ChangeEvent): void {
    const held = this.#held.get(event.environment) ?? [];
    held.push(event);
    if (held.length > MAX_HELD) held.shift();
    this.#held.set(event.environment, held);
  }

  /** Applies held events that now follow on, in order; drops those the environment is past. */
  #applyHeld(live: LiveEnvironment): void {
    const held = this.#held.get(live.name);
    if (!held) return;
    this.#held.delete(live.name);
    held.sort((a, b) => a.revision - b.revision);
    for (const event of held) this.#offer(live, event, performance.now());
    if (!this.#held.has(live.name)) {
      clearTimeout(this.#gapTimers.get(live.name));
      this.#gapTimers.delete(live.name);
    }
  }

  #reloadUnlessFilled(name: string): void {
    if (this.#gapTimers.has(name) || this.#closed) return;
    const timer = setTimeout(() => {
      this.#gapTimers.delete(name);
      if (this.#held.has(name)) void this.reload(name, 'gap');
    }, GAP_WAIT_MS);
    timer.unref();
    this.#gapTimers.set(name, timer);
  }

  #drop(live: LiveEnvironment): void {
    this.#live.delete(live.name);
    this.#held.delete(live.name);
    this.deps.dropped(live);
  }
}

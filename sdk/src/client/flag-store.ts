import { applyChange, type CompiledSnapshot, compileSnapshot, toSnapshot } from '../core/index.ts';
import type { Snapshot, SnapshotFlag } from '../protocol/snapshot.ts';
import type { ChangeOutcome } from './data-source.ts';
import type { FeedStore } from './feed.ts';

/** The result of offering the store new data: the flags whose behaviour changed, or why it refused. */
export type StoreUpdate =
  | { outcome: 'applied'; flags: string[] }
  | { outcome: Exclude<ChangeOutcome, 'applied'>; reason?: string };

/** The compiled snapshot being served; it only ever moves forward to a valid, newer revision. */
export class FlagStore implements FeedStore {
  #compiled: CompiledSnapshot | undefined;

  constructor(private readonly report: (problem: string) => void) {}

  get compiled(): CompiledSnapshot | undefined {
    return this.#compiled;
  }

  get revision(): number | undefined {
    return this.#compiled?.revision;
  }

  /** The served snapshot's wire form, as persisted. */
  serialized(): string | undefined {
    return this.#compiled && JSON.stringify(toSnapshot(this.#compiled));
  }

  /** Replaces the whole snapshot, unless it is invalid or older than the one served. */
  replace(input: unknown): StoreUpdate {
    const result = compileSnapshot(input, this.report);
    if (!result.ok) return { outcome: 'invalid', reason: result.reason };
    const current = this.#compiled;
    const next = result.snapshot;
    if (current?.environment === next.environment && next.revision < current.revision) {
      return { outcome: 'stale' };
    }
    return this.#serve(next);
  }

  /** Applies an incremental change event (the stream's) on top of the served snapshot. */
  change(event: unknown): StoreUpdate {
    if (!this.#compiled) return { outcome: 'gap' };
    const result = applyChange(this.#compiled, event, this.report);
    if (result.kind === 'invalid') return { outcome: 'invalid', reason: result.reason };
    if (result.kind !== 'applied') return { outcome: result.kind };
    return this.#serve(result.snapshot);
  }

  #serve(next: CompiledSnapshot): StoreUpdate {
    const previous = this.#compiled;
    this.#compiled = next;
    const flags = previous
      ? changedFlags(toSnapshot(previous), toSnapshot(next))
      : Object.keys(toSnapshot(next).flags);
    return { outcome: 'applied', flags };
  }
}

/**
 * The keys of flags that may evaluate differently: added, removed or edited, or using a segment
 * that changed. A new revision that touches nothing a flag depends on changes nothing, so listeners
 * hear about real changes only.
 */
export function changedFlags(previous: Snapshot, next: Snapshot): string[] {
  const changed = new Set(differingKeys(previous.flags, next.flags));
  const changedSegments = new Set(differingKeys(previous.segments, next.segments));
  if (changedSegments.size > 0) {
    for (const flag of Object.values(next.flags)) {
      if (segmentsOf(flag).some((key) => changedSegments.has(key))) changed.add(flag.key);
    }
  }
  return [...changed];
}

function differingKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys: string[] = [];
  for (const key of Object.keys(before)) if (!(key in after)) keys.push(key);
  for (const [key, value] of Object.entries(after)) {
    const old = before[key];
    // Items an incremental change left alone keep their object: no need to compare them.
    if (old !== value && (old === undefined || JSON.stringify(old) !== JSON.stringify(value))) {
      keys.push(key);
    }
  }
  return keys;
}

function segmentsOf(flag: SnapshotFlag): string[] {
  return flag.rules.flatMap((rule) =>
    rule.conditions.flatMap((condition) =>
      condition.operator === 'inSegment' ? condition.values.map(String) : [],
    ),
  );
}

import type { ChangeEvent, Snapshot } from '@tripswitch/sdk/protocol';

function changedKeys<T>(before: Record<string, T>, after: Record<string, T>) {
  const changed: T[] = [];
  const deleted: string[] = [];
  for (const [key, item] of Object.entries(after)) {
    const old = before[key];
    if (old === undefined || JSON.stringify(old) !== JSON.stringify(item)) changed.push(item);
  }
  for (const key of Object.keys(before)) if (!(key in after)) deleted.push(key);
  return { changed, deleted };
}

/** One event taking SDKs from `before` to `after`: what an instance broadcasts after a reload. */
export function diffSnapshots(before: Snapshot, after: Snapshot): ChangeEvent {
  const flags = changedKeys(before.flags, after.flags);
  const segments = changedKeys(before.segments, after.segments);
  return {
    schemaVersion: after.schemaVersion,
    environment: after.environment,
    baseRevision: before.revision,
    revision: after.revision,
    flags: flags.changed,
    deletedFlags: flags.deleted,
    segments: segments.changed,
    deletedSegments: segments.deleted,
  };
}

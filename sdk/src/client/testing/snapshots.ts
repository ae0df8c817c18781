import { flag } from '../../core/factories.ts';
import type { Snapshot, SnapshotFlag } from '../../protocol/snapshot.ts';

// Small factories for snapshots in tests: each test states only what it cares about.

/** A boolean flag, on and serving `on` to everyone unless overridden. */
export function booleanFlag(key: string, overrides: Partial<SnapshotFlag> = {}): SnapshotFlag {
  return flag({ key, salt: `salt-${key}`, defaultServe: { variant: 'on' }, ...overrides });
}

/** A flag of any kind serving the first of `values` by default (variants `v0`, `v1`...). */
export function valueFlag(
  key: string,
  kind: SnapshotFlag['kind'],
  values: unknown[],
  overrides: Partial<SnapshotFlag> = {},
): SnapshotFlag {
  return booleanFlag(key, {
    kind,
    variants: values.map((value, index) => ({ key: `v${index}`, value })),
    offVariation: `v${values.length - 1}`,
    defaultServe: { variant: 'v0' },
    ...overrides,
  });
}

/** A snapshot of environment `test` at `revision` holding `flags`. */
export function snapshotOf(
  revision: number,
  flags: SnapshotFlag[],
  segments: Snapshot['segments'] = {},
): Snapshot {
  return {
    schemaVersion: 1,
    environment: 'test',
    revision,
    flags: Object.fromEntries(flags.map((flag) => [flag.key, flag])),
    segments,
  };
}

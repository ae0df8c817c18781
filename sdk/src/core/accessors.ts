import type { FlagKind, Snapshot } from '../protocol/index.ts';
import type { CompiledSnapshot } from './types.ts';

/** The keys of every flag in the snapshot. */
export function listFlags(snapshot: CompiledSnapshot): string[] {
  return [...snapshot.flags.keys()];
}

/** The kind of values a flag serves, or undefined when the snapshot has no such flag. */
export function flagKind(snapshot: CompiledSnapshot, flagKey: string): FlagKind | undefined {
  return snapshot.flags.get(flagKey)?.kind;
}

/** The version of a flag's configuration, or undefined when the snapshot has no such flag. */
export function flagVersion(snapshot: CompiledSnapshot, flagKey: string): number | undefined {
  return snapshot.flags.get(flagKey)?.version;
}

/** The wire form of a compiled snapshot (after any applied changes), e.g. to persist it. */
export function toSnapshot(snapshot: CompiledSnapshot): Snapshot {
  const flags: Snapshot['flags'] = {};
  for (const [key, flag] of snapshot.flags) flags[key] = flag.source;
  const segments: Snapshot['segments'] = {};
  for (const [key, segment] of snapshot.segments) segments[key] = segment.source;
  return {
    schemaVersion: snapshot.schemaVersion,
    environment: snapshot.environment,
    revision: snapshot.revision,
    flags,
    segments,
  };
}

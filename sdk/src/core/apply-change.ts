import { compileFlag } from './compile-flag.ts';
import { compileSegment } from './compile-segment.ts';
import { assemble, readSchemaVersion, refusal, warnUnknownSegments } from './compile-snapshot.ts';
import type { CompiledFlag } from './model.ts';
import {
  arrayAt,
  describe,
  integerField,
  objectAt,
  refuse,
  stringField,
  stringsAt,
} from './shape.ts';
import type { ChangeResult, CompiledSnapshot, Report } from './types.ts';
import { CompileWarnings } from './warnings.ts';

/** Applies a ChangeEvent (sdk/src/protocol/snapshot.ts) to a compiled snapshot, recompiling only what changed. */
export function applyChange(
  current: CompiledSnapshot,
  event: unknown,
  report?: Report,
): ChangeResult {
  const warnings = new CompileWarnings();
  try {
    const fields = objectAt(event, 'event');
    readSchemaVersion(fields);
    const environment = stringField(fields, 'environment', '');
    if (environment !== current.environment) {
      refuse(
        'environment',
        `the event is for ${describe(environment)}, the snapshot for ${describe(current.environment)}`,
      );
    }
    const baseRevision = integerField(fields, 'baseRevision', '', 0);
    const revision = integerField(fields, 'revision', '', baseRevision + 1);
    // Checked before the items are compiled: a stale or unreachable event costs nothing.
    if (revision <= current.revision) return { kind: 'stale' };
    if (current.revision < baseRevision) return { kind: 'gap' };

    const segments = new Map(current.segments);
    const changedSegments = new Set<string>();
    arrayAt(fields.segments, 'segments').forEach((raw, i) => {
      const segment = compileSegment(raw, `segments[${i}]`, warnings);
      segments.set(segment.key, segment);
      changedSegments.add(segment.key);
    });
    for (const key of stringsAt(fields.deletedSegments, 'deletedSegments')) {
      segments.delete(key);
      changedSegments.add(key);
    }

    const flags = new Map(current.flags);
    const changedFlags = new Set<string>();
    const compiled: CompiledFlag[] = [];
    arrayAt(fields.flags, 'flags').forEach((raw, i) => {
      const flag = compileFlag(raw, `flags[${i}]`, warnings);
      flags.set(flag.key, flag);
      changedFlags.add(flag.key);
      compiled.push(flag);
    });
    for (const key of stringsAt(fields.deletedFlags, 'deletedFlags')) {
      flags.delete(key);
      changedFlags.add(key);
    }
    // Flags that test a changed segment may now evaluate differently, though not recompiled.
    const affected = changedSegments.size === 0 ? [] : flagsUsing(flags, changedSegments);
    for (const flag of affected) changedFlags.add(flag.key);

    warnUnknownSegments([...compiled, ...affected], segments, warnings);
    warnings.flush(report);
    const snapshot = assemble(environment, revision, current.schemaVersion, flags, segments);
    return { kind: 'applied', snapshot, flags: [...changedFlags], segments: [...changedSegments] };
  } catch (error) {
    return { kind: 'invalid', reason: refusal(error) };
  }
}

function flagsUsing(
  flags: ReadonlyMap<string, CompiledFlag>,
  segmentKeys: ReadonlySet<string>,
): CompiledFlag[] {
  const using: CompiledFlag[] = [];
  for (const flag of flags.values()) {
    for (const key of flag.segmentKeys) {
      if (segmentKeys.has(key)) {
        using.push(flag);
        break;
      }
    }
  }
  return using;
}

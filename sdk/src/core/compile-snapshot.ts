import { compileFlag } from './compile-flag.ts';
import { compileSegment } from './compile-segment.ts';
import type { CompiledFlag, CompiledSegment } from './model.ts';
import {
  describe,
  type Fields,
  integerField,
  MalformedInput,
  objectAt,
  refuse,
  stringField,
} from './shape.ts';
import {
  type CompiledSnapshot,
  type CompileResult,
  type Report,
  SUPPORTED_SCHEMA_VERSION,
} from './types.ts';
import { CompileWarnings } from './warnings.ts';

/** Validates and compiles a snapshot received from anywhere (network, file, storage). Never throws. */
export function compileSnapshot(input: unknown, report?: Report): CompileResult {
  const warnings = new CompileWarnings();
  try {
    const fields = objectAt(input, 'snapshot');
    const schemaVersion = readSchemaVersion(fields);
    const environment = stringField(fields, 'environment', '');
    const revision = integerField(fields, 'revision', '', 0);
    const flags = new Map<string, CompiledFlag>();
    for (const [key, raw] of Object.entries(objectAt(fields.flags, 'flags'))) {
      flags.set(key, keyed(compileFlag(raw, `flags.${key}`, warnings), key, `flags.${key}`));
    }
    const segments = new Map<string, CompiledSegment>();
    for (const [key, raw] of Object.entries(objectAt(fields.segments, 'segments'))) {
      segments.set(
        key,
        keyed(compileSegment(raw, `segments.${key}`, warnings), key, `segments.${key}`),
      );
    }
    warnUnknownSegments(flags.values(), segments, warnings);
    warnings.flush(report);
    return { ok: true, snapshot: assemble(environment, revision, schemaVersion, flags, segments) };
  } catch (error) {
    return { ok: false, reason: refusal(error) };
  }
}

/** A compiled snapshot from its parts. */
export function assemble(
  environment: string,
  revision: number,
  schemaVersion: number,
  flags: ReadonlyMap<string, CompiledFlag>,
  segments: ReadonlyMap<string, CompiledSegment>,
): CompiledSnapshot {
  // Built in one go: V8 keeps it a fast-mode object, where adding keys one by one would not.
  const resultSlots = Object.fromEntries([...flags.keys()].map((key) => [key, undefined]));
  return { environment, revision, schemaVersion, flags, segments, resultSlots };
}

/** The wire schema version, refusing a newer major than this SDK understands. */
export function readSchemaVersion(fields: Fields): number {
  const schemaVersion = integerField(fields, 'schemaVersion', '', 1);
  if (schemaVersion > SUPPORTED_SCHEMA_VERSION) {
    refuse(
      'schemaVersion',
      `${schemaVersion} is newer than this SDK understands (${SUPPORTED_SCHEMA_VERSION}); upgrade @tripswitch/sdk`,
    );
  }
  return schemaVersion;
}

/** Flags and segments are stored under their own key; a mismatch means a corrupted snapshot. */
function keyed<T extends { key: string }>(item: T, key: string, path: string): T {
  if (item.key !== key) {
    refuse(`${path}.key`, `expected ${describe(key)}, got ${describe(item.key)}`);
  }
  return item;
}

/** Reports inSegment conditions that name a segment the snapshot does not have. */
export function warnUnknownSegments(
  flags: Iterable<CompiledFlag>,
  segments: ReadonlyMap<string, CompiledSegment>,
  warnings: CompileWarnings,
): void {
  for (const flag of flags) {
    for (const key of flag.segmentKeys) {
      if (!segments.has(key)) {
        warnings.add(
          `flags.${flag.key}`,
          `inSegment names unknown segment ${describe(key)}, which has no members`,
        );
      }
    }
  }
}

/** The one-line reason for refusing input; anything but a validation error is a bug, named as such. */
export function refusal(error: unknown): string {
  if (error instanceof MalformedInput) return error.message;
  return `internal error while compiling: ${error instanceof Error ? error.message : String(error)}`;
}

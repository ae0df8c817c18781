import type { SnapshotSegment } from '../protocol/index.ts';
import { compileCondition } from './conditions.ts';
import type { CompiledSegment } from './model.ts';
import { arrayAt, integerField, objectAt, stringField, stringsAt } from './shape.ts';
import type { CompileWarnings } from './warnings.ts';

/** Validates and compiles one snapshot segment found at `path` (e.g. `segments.beta`). */
export function compileSegment(
  raw: unknown,
  path: string,
  warnings: CompileWarnings,
): CompiledSegment {
  const fields = objectAt(raw, path);
  return {
    key: stringField(fields, 'key', path),
    version: integerField(fields, 'version', path, 1),
    included: new Set(stringsAt(fields.included, `${path}.included`)),
    excluded: new Set(stringsAt(fields.excluded, `${path}.excluded`)),
    conditions: arrayAt(fields.conditions, `${path}.conditions`).map((condition, i) =>
      compileCondition(condition, `${path}.conditions[${i}]`, warnings, false),
    ),
    source: raw as SnapshotSegment,
  };
}

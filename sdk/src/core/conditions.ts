import type { EvaluationContext, Operator } from '../protocol/index.ts';
import { keyText } from './bucketing.ts';
import type { CompiledCondition, CompiledSegment, ValueTest } from './model.ts';
import { valueTestFor } from './operators.ts';
import { arrayAt, describe, objectAt, refuse, stringField } from './shape.ts';
import type { CompileWarnings } from './warnings.ts';

const NEVER: ValueTest = () => false;

/** Validates and compiles one condition; problems that only break this condition become warnings. */
export function compileCondition(
  raw: unknown,
  path: string,
  warnings: CompileWarnings,
  segmentsAllowed: boolean,
): CompiledCondition {
  const fields = objectAt(raw, path);
  const operator = stringField(fields, 'operator', path);
  const values = arrayAt(fields.values, `${path}.values`).map((value, i) => {
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
      return value;
    }
    return refuse(`${path}.values[${i}]`, `expected a string or a number, got ${describe(value)}`);
  });
  const negate = fields.negate ?? false;
  if (typeof negate !== 'boolean') {
    refuse(`${path}.negate`, `expected a boolean, got ${describe(negate)}`);
  }
  const broken = (message: string): CompiledCondition => {
    warnings.add(path, message);
    return { attribute: '', mode: 'never', test: NEVER, segments: [], negate };
  };

  if (operator === 'inSegment') {
    // Segments referring to segments could form cycles; one level is all targeting needs.
    if (!segmentsAllowed) {
      return broken('a segment cannot refer to segments; the condition matches nothing');
    }
    return { attribute: '', mode: 'segment', test: NEVER, segments: values.map(String), negate };
  }
  const built = valueTestFor(operator as Operator, values);
  if (built === undefined) {
    return broken(`unknown operator ${JSON.stringify(operator)}; the condition matches nothing`);
  }
  if (typeof built === 'string') return broken(`${built}; the condition matches nothing`);
  const attribute = stringField(fields, 'attribute', path);
  return {
    attribute,
    mode: operator === 'notIn' ? 'none' : 'any',
    test: built,
    segments: [],
    negate,
  };
}

/**
 * Whether a context satisfies a condition. A missing attribute (undefined, null or an empty
 * array) does not match, so its negation does; an array matches when any element does (notIn:
 * when none is in the values); a broken condition matches nothing, negated or not.
 */
export function matchesCondition(
  condition: CompiledCondition,
  context: EvaluationContext,
  segments: ReadonlyMap<string, CompiledSegment>,
): boolean {
  const mode = condition.mode;
  if (mode === 'segment') {
    for (const key of condition.segments) {
      const segment = segments.get(key);
      if (segment !== undefined && inSegment(segment, context, segments)) return !condition.negate;
    }
    return condition.negate;
  }
  if (mode === 'never') return false;
  const value = context[condition.attribute];
  if (value === undefined || value === null) return condition.negate;
  let hit: boolean;
  if (Array.isArray(value)) {
    if (value.length === 0) return condition.negate;
    hit = false;
    for (const element of value) {
      if (condition.test(element)) {
        hit = true;
        break;
      }
    }
  } else {
    hit = condition.test(value);
  }
  return mode === 'none' ? hit === condition.negate : hit !== condition.negate;
}

/** Segment membership: excluded keys never, included keys always, else every condition (if any). */
export function inSegment(
  segment: CompiledSegment,
  context: EvaluationContext,
  segments: ReadonlyMap<string, CompiledSegment>,
): boolean {
  const key = keyText(context.key);
  if (key !== undefined) {
    if (segment.excluded.has(key)) return false;
    if (segment.included.has(key)) return true;
  }
  if (segment.conditions.length === 0) return false;
  for (const condition of segment.conditions) {
    if (!matchesCondition(condition, context, segments)) return false;
  }
  return true;
}

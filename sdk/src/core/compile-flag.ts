import type { FlagKind, SnapshotFlag } from '../protocol/index.ts';
import { saltPrefix } from './bucketing.ts';
import { compileCondition } from './conditions.ts';
import type { CompiledFlag, CompiledRule, CompiledVariant } from './model.ts';
import { compileServe, type VariantIndex } from './serve.ts';
import {
  arrayAt,
  booleanField,
  describe,
  type Fields,
  integerField,
  objectAt,
  refuse,
  stringField,
  stringsAt,
} from './shape.ts';
import type { CompileWarnings } from './warnings.ts';

const KINDS: ReadonlySet<string> = new Set<FlagKind>(['boolean', 'string', 'number', 'json']);

/** Validates and compiles one snapshot flag found at `path` (e.g. `flags.checkout`). */
export function compileFlag(raw: unknown, path: string, warnings: CompileWarnings): CompiledFlag {
  const fields = objectAt(raw, path);
  const key = stringField(fields, 'key', path);
  const kind = stringField(fields, 'kind', path) as FlagKind;
  if (!KINDS.has(kind)) refuse(`${path}.kind`, `unknown kind ${describe(kind)}`);
  const salt = stringField(fields, 'salt', path);
  const variants = compileVariants(fields.variants, `${path}.variants`, kind);
  const indexOf: VariantIndex = (variantKey, at) => {
    const index = variants.findIndex((variant) => variant.key === variantKey);
    if (index < 0) refuse(at, `no variant ${describe(variantKey)} in this flag`);
    return index;
  };
  const targets = compileTargets(fields.targets, `${path}.targets`, indexOf);
  const rules = arrayAt(fields.rules, `${path}.rules`).map((rule, i) =>
    compileRule(rule, `${path}.rules[${i}]`, indexOf, warnings),
  );
  const defaultServe = compileServe(fields.defaultServe, `${path}.defaultServe`, indexOf);
  const on = booleanField(fields, 'on', path);
  const segmentKeys = new Set(rules.flatMap((rule) => rule.conditions.flatMap((c) => c.segments)));
  return {
    key,
    kind,
    version: integerField(fields, 'version', path, 1),
    saltPrefix: saltPrefix(salt),
    variants,
    on,
    offVariation: indexOf(fields.offVariation, `${path}.offVariation`),
    targets,
    rules,
    defaultServe,
    isStatic: on && targets === undefined && rules.length === 0 && defaultServe.kind === 'variant',
    segmentKeys,
    source: raw as SnapshotFlag,
  };
}

function compileVariants(raw: unknown, path: string, kind: FlagKind): CompiledVariant[] {
  const list = arrayAt(raw, path);
  if (list.length === 0) refuse(path, 'a flag needs at least one variant');
  const seen = new Set<string>();
  return list.map((item, i) => {
    const at = `${path}[${i}]`;
    const fields = objectAt(item, at);
    const key = stringField(fields, 'key', at);
    if (seen.has(key)) refuse(`${at}.key`, `duplicate variant ${describe(key)}`);
    seen.add(key);
    if (!valueHasKind(fields.value, kind)) {
      refuse(`${at}.value`, `expected a ${kind} value, got ${describe(fields.value)}`);
    }
    return { key, value: fields.value };
  });
}

function valueHasKind(value: unknown, kind: FlagKind): boolean {
  switch (kind) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'json':
      return value !== undefined;
  }
}

function compileTargets(
  raw: unknown,
  path: string,
  indexOf: VariantIndex,
): Map<string, number> | undefined {
  const targets = new Map<string, number>();
  arrayAt(raw, path).forEach((item, i) => {
    const at = `${path}[${i}]`;
    const fields: Fields = objectAt(item, at);
    const variant = indexOf(fields.variant, `${at}.variant`);
    // A key listed under two targets gets the first, as the targets are checked in order.
    for (const key of stringsAt(fields.values, `${at}.values`)) {
      if (!targets.has(key)) targets.set(key, variant);
    }
  });
  return targets.size === 0 ? undefined : targets;
}

function compileRule(
  raw: unknown,
  path: string,
  indexOf: VariantIndex,
  warnings: CompileWarnings,
): CompiledRule {
  const fields = objectAt(raw, path);
  return {
    id: stringField(fields, 'id', path),
    conditions: arrayAt(fields.conditions, `${path}.conditions`).map((condition, i) =>
      compileCondition(condition, `${path}.conditions[${i}]`, warnings, true),
    ),
    serve: compileServe(fields.serve, `${path}.serve`, indexOf),
  };
}

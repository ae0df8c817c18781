import type { Condition, FlagConfig } from '@tripswitch/sdk/protocol';

const numericOperators = new Set<Condition['operator']>(['lt', 'lte', 'gt', 'gte']);

/**
 * Readies an edited configuration for saving: values are edited one per line, so blank lines go
 * and numeric comparisons get numbers; targets without keys go.
 */
export function cleanConfig(config: FlagConfig): FlagConfig {
  return {
    ...config,
    targets: config.targets
      .map((target) => ({ ...target, values: nonBlank(target.values) }))
      .filter((target) => target.values.length > 0),
    rules: config.rules.map(({ name, ...rule }) => ({
      ...rule,
      ...(name?.trim() ? { name: name.trim() } : {}),
      conditions: rule.conditions.map(cleanCondition),
    })),
  };
}

/** A condition ready to save: values trimmed, blanks dropped, numbers for numeric comparisons. */
export function cleanCondition(condition: Condition): Condition {
  const values = nonBlank(condition.values.map(String));
  const typed = numericOperators.has(condition.operator)
    ? values.map((value) => (Number.isFinite(Number(value)) ? Number(value) : value))
    : values;
  const { attribute, ...rest } = condition;
  return condition.operator === 'inSegment'
    ? { ...rest, values: typed }
    : { ...rest, ...(attribute ? { attribute } : {}), values: typed };
}

export function nonBlank(values: readonly string[]): string[] {
  return values.map((value) => value.trim()).filter(Boolean);
}

type Part = keyof FlagConfig;
const parts: Part[] = ['on', 'offVariation', 'targets', 'rules', 'defaultServe'];
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Reapplies my edit on top of someone else's: each part of the configuration I changed (from the
 * version I started on) takes my value, every other part takes theirs. `overlapping` names the
 * parts we both changed, where mine replaced theirs, so the user can review before saving.
 */
export function reapply(
  base: FlagConfig,
  mine: FlagConfig,
  theirs: FlagConfig,
): { config: FlagConfig; overlapping: Part[] } {
  const config = { ...theirs };
  const overlapping: Part[] = [];
  for (const part of parts) {
    if (same(base[part], mine[part])) continue;
    if (!same(base[part], theirs[part]) && !same(mine[part], theirs[part])) overlapping.push(part);
    Object.assign(config, { [part]: mine[part] });
  }
  return { config, overlapping };
}

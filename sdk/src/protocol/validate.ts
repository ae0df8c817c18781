import { toEpochMillis } from '../core/operands.ts';
import { parseSemVer } from '../core/semver.ts';
import type {
  Condition,
  FlagConfig,
  FlagKind,
  SegmentRules,
  Serve,
  Variant,
} from './flag-config.ts';
import { ROLLOUT_TOTAL } from './flag-config.ts';
import type { FieldError } from './problem.ts';

// Semantic checks that a JSON schema cannot express, shared by the server (which refuses bad
// writes) and the dashboard (which shows the same messages before sending). Pure: each returns
// FieldError[] with JSON pointers relative to the object checked, empty when it is valid.

/** What a flag configuration may refer to: the flag's variants and the environment's segment keys. */
export interface ConfigReferences {
  variants: readonly Pick<Variant, 'key'>[];
  segmentKeys: readonly string[];
}

const KIND_CHECKS: Record<FlagKind, [(value: unknown) => boolean, string]> = {
  boolean: [(value) => typeof value === 'boolean', 'must be true or false for a boolean flag'],
  string: [(value) => typeof value === 'string', 'must be a string for a string flag'],
  number: [
    (value) => typeof value === 'number' && Number.isFinite(value),
    'must be a finite number for a number flag',
  ],
  json: [(value) => value !== undefined, 'must be a JSON value'],
};

/** Checks variant keys are unique and every value matches the flag kind; pointers like `/1/value`. */
export function validateVariants(kind: FlagKind, variants: readonly Variant[]): FieldError[] {
  const errors: FieldError[] = [];
  if (variants.length === 0)
    errors.push({ field: '', message: 'a flag needs at least one variant' });
  const [matchesKind, kindMessage] = KIND_CHECKS[kind];
  const seen = new Set<string>();
  variants.forEach((variant, i) => {
    if (seen.has(variant.key)) {
      errors.push({ field: `/${i}/key`, message: `variant key "${variant.key}" is used twice` });
    }
    seen.add(variant.key);
    if (!matchesKind(variant.value)) errors.push({ field: `/${i}/value`, message: kindMessage });
  });
  return errors;
}

/** Checks a flag configuration against the flag's variants and the environment's segments. */
export function validateFlagConfig(config: FlagConfig, refs: ConfigReferences): FieldError[] {
  const errors: FieldError[] = [];
  const variantKeys = new Set(refs.variants.map((variant) => variant.key));
  const segmentKeys = new Set(refs.segmentKeys);
  const checkVariant = (key: string, field: string) => {
    if (!variantKeys.has(key)) errors.push({ field, message: `no variant "${key}" in this flag` });
  };

  checkVariant(config.offVariation, '/offVariation');
  const targeted = new Map<string, string>();
  config.targets.forEach((target, i) => {
    checkVariant(target.variant, `/targets/${i}/variant`);
    target.values.forEach((key, j) => {
      const other = targeted.get(key);
      if (other !== undefined) {
        errors.push({
          field: `/targets/${i}/values/${j}`,
          message: `"${key}" is already targeted at ${other}`,
        });
      }
      targeted.set(key, `/targets/${i}`);
    });
  });
  const ruleIds = new Set<string>();
  config.rules.forEach((rule, i) => {
    if (ruleIds.has(rule.id)) {
      errors.push({ field: `/rules/${i}/id`, message: `rule id "${rule.id}" is used twice` });
    }
    ruleIds.add(rule.id);
    rule.conditions.forEach((condition, j) => {
      errors.push(...checkCondition(condition, `/rules/${i}/conditions/${j}`, segmentKeys));
    });
    errors.push(...checkServe(rule.serve, `/rules/${i}/serve`, checkVariant));
  });
  errors.push(...checkServe(config.defaultServe, '/defaultServe', checkVariant));
  return errors;
}

/** Checks a segment's conditions; segments cannot refer to other segments. */
export function validateSegmentRules(rules: SegmentRules): FieldError[] {
  return rules.conditions.flatMap((condition, i) => {
    if (condition.operator === 'inSegment') {
      return [
        { field: `/conditions/${i}/operator`, message: 'a segment cannot refer to segments' },
      ];
    }
    return checkCondition(condition, `/conditions/${i}`, new Set());
  });
}

function checkServe(
  serve: Serve,
  at: string,
  checkVariant: (key: string, field: string) => void,
): FieldError[] {
  if ((serve.variant === undefined) === (serve.rollout === undefined)) {
    return [{ field: at, message: 'must have exactly one of "variant" or "rollout"' }];
  }
  if (serve.variant !== undefined) {
    checkVariant(serve.variant, `${at}/variant`);
    return [];
  }
  const errors: FieldError[] = [];
  const variations = serve.rollout?.variations ?? [];
  const seen = new Set<string>();
  let total = 0;
  variations.forEach((share, k) => {
    checkVariant(share.variant, `${at}/rollout/variations/${k}/variant`);
    if (seen.has(share.variant)) {
      errors.push({
        field: `${at}/rollout/variations/${k}/variant`,
        message: `variant "${share.variant}" appears twice in this rollout`,
      });
    }
    seen.add(share.variant);
    if (!Number.isInteger(share.weight) || share.weight < 0) {
      errors.push({
        field: `${at}/rollout/variations/${k}/weight`,
        message: 'must be a whole number of 0.001% units, 0 or more',
      });
    }
    total += share.weight;
  });
  if (total !== ROLLOUT_TOTAL) {
    errors.push({
      field: `${at}/rollout/variations`,
      message: `weights must add up to ${ROLLOUT_TOTAL} (100%), not ${total}`,
    });
  }
  return errors;
}

type ValueCheck = (value: string | number) => string | undefined;

const isNumber: ValueCheck = (value) =>
  typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
const isText: ValueCheck = (value) => (typeof value === 'string' ? undefined : 'must be a string');
// Dates and versions are checked by the parsers the evaluator compiles them with, so a value the
// server accepts is one every SDK can use (Date.parse, say, takes 2026-02-30 for March 2).
const isDate: ValueCheck = (value) =>
  toEpochMillis(value) !== undefined
    ? undefined
    : 'must be an ISO 8601 date (2026-01-31 or 2026-01-31T12:00:00Z) or epoch milliseconds';
const isSemver: ValueCheck = (value) =>
  typeof value === 'string' && parseSemVer(value) !== undefined
    ? undefined
    : 'must be a semantic version such as 1.4.2';
/** Why `value` is not a regex the evaluator compiles (Unicode mode), or undefined when it is. */
export const patternProblem = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return 'must be a regular expression';
  try {
    // Unicode mode, as the evaluator compiles it.
    new RegExp(value, 'u');
    return undefined;
  } catch (error) {
    return `is not a valid regular expression: ${(error as Error).message}`;
  }
};

const VALUE_CHECKS: Record<Condition['operator'], ValueCheck | undefined> = {
  in: undefined,
  notIn: undefined,
  startsWith: isText,
  endsWith: isText,
  contains: isText,
  matches: patternProblem,
  lt: isNumber,
  lte: isNumber,
  gt: isNumber,
  gte: isNumber,
  before: isDate,
  after: isDate,
  semverEq: isSemver,
  semverLt: isSemver,
  semverGt: isSemver,
  inSegment: isText,
};

function checkCondition(condition: Condition, at: string, segmentKeys: Set<string>): FieldError[] {
  const errors: FieldError[] = [];
  const { operator } = condition;
  if (operator !== 'inSegment' && condition.attribute === undefined) {
    errors.push({
      field: `${at}/attribute`,
      message: `is required for the "${operator}" operator`,
    });
  }
  const check = VALUE_CHECKS[operator];
  condition.values.forEach((value, k) => {
    const problem = check?.(value);
    if (problem !== undefined) errors.push({ field: `${at}/values/${k}`, message: problem });
    else if (operator === 'inSegment' && !segmentKeys.has(String(value))) {
      errors.push({
        field: `${at}/values/${k}`,
        message: `no segment "${value}" in this environment`,
      });
    }
  });
  return errors;
}

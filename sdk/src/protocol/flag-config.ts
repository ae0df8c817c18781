import { type Static, Type } from '@sinclair/typebox';
import { AttributeName, RuleId, VariantKey } from './keys.ts';

/** The type of every value a flag can serve. */
export const FlagKind = Type.Union(
  [Type.Literal('boolean'), Type.Literal('string'), Type.Literal('number'), Type.Literal('json')],
  { description: 'The type of every variant value of the flag.' },
);
export type FlagKind = Static<typeof FlagKind>;

/** One value a flag can serve. Its `value` must match the flag's kind. */
export const Variant = Type.Object(
  {
    key: VariantKey,
    value: Type.Unknown({
      description: 'A value of the flag kind: boolean, string, number or any JSON.',
    }),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type Variant = Static<typeof Variant>;

/** Operators a condition can use; `inSegment` ignores `attribute` and lists segment keys. */
export const OPERATORS = [
  'in',
  'notIn',
  'startsWith',
  'endsWith',
  'contains',
  'matches',
  'lt',
  'lte',
  'gt',
  'gte',
  'before',
  'after',
  'semverEq',
  'semverLt',
  'semverGt',
  'inSegment',
] as const;
export type Operator = (typeof OPERATORS)[number];

export const Operator = Type.Union(
  OPERATORS.map((op) => Type.Literal(op)),
  { description: 'How the attribute is compared with the values.' },
);

/**
 * One test on the evaluation context. A condition matches when the attribute's value satisfies
 * the operator against any of `values`; `negate` inverts the result. A condition on a missing
 * attribute does not match, so its negation does.
 */
export const Condition = Type.Object(
  {
    attribute: Type.Optional(AttributeName),
    operator: Operator,
    values: Type.Array(Type.Union([Type.String({ maxLength: 1000 }), Type.Number()]), {
      minItems: 1,
      maxItems: 10000,
    }),
    negate: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type Condition = Static<typeof Condition>;

/** Weights are integers in units of 0.001%; a rollout's weights sum to this. */
export const ROLLOUT_TOTAL = 100000;

/** A share of a rollout, in 0.001% units (100000 is everyone). */
export const WeightedVariant = Type.Object(
  { variant: VariantKey, weight: Type.Integer({ minimum: 0, maximum: ROLLOUT_TOTAL }) },
  { additionalProperties: false },
);
export type WeightedVariant = Static<typeof WeightedVariant>;

/** A percentage split between variants, bucketed by an attribute (the context key by default). */
export const Rollout = Type.Object(
  {
    variations: Type.Array(WeightedVariant, { minItems: 1, maxItems: 100 }),
    bucketBy: Type.Optional(AttributeName),
  },
  { additionalProperties: false },
);
export type Rollout = Static<typeof Rollout>;

/** What a rule (or the default rule) serves: exactly one of a variant or a rollout. */
export const Serve = Type.Object(
  { variant: Type.Optional(VariantKey), rollout: Type.Optional(Rollout) },
  { additionalProperties: false, description: 'Exactly one of `variant` or `rollout`.' },
);
export type Serve = Static<typeof Serve>;

/** A targeting rule: when every condition matches, serve its variant or rollout. */
export const Rule = Type.Object(
  {
    id: RuleId,
    name: Type.Optional(Type.String({ maxLength: 200 })),
    conditions: Type.Array(Condition, { minItems: 1, maxItems: 100 }),
    serve: Serve,
  },
  { additionalProperties: false },
);
export type Rule = Static<typeof Rule>;

/** Context keys that always get one variant, checked before any rule. */
export const Target = Type.Object(
  {
    variant: VariantKey,
    values: Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 10000 }),
  },
  { additionalProperties: false },
);
export type Target = Static<typeof Target>;

/**
 * The configuration of one flag in one environment: the kill switch (`on`), what it serves when
 * off, individual targets, ordered rules and the default rule. Versioned as a whole.
 */
export const FlagConfig = Type.Object(
  {
    on: Type.Boolean({ description: 'The kill switch: false serves offVariation to everyone.' }),
    offVariation: VariantKey,
    targets: Type.Array(Target, { maxItems: 100 }),
    rules: Type.Array(Rule, { maxItems: 500 }),
    defaultServe: Serve,
  },
  { additionalProperties: false },
);
export type FlagConfig = Static<typeof FlagConfig>;

/** A reusable set of contexts in one environment: listed keys, or contexts matching every condition. */
export const SegmentRules = Type.Object(
  {
    included: Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 10000 }),
    excluded: Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 10000 }),
    conditions: Type.Array(Condition, { maxItems: 100 }),
  },
  { additionalProperties: false },
);
export type SegmentRules = Static<typeof SegmentRules>;

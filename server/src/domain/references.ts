import type { Condition, FlagConfig, Serve } from '@tripswitch/sdk/protocol';

/** A place in a flag configuration that names something, as a JSON pointer into the config. */
export interface Reference {
  key: string;
  field: string;
}

function serveVariants(serve: Serve, at: string): Reference[] {
  if (serve.variant !== undefined) return [{ key: serve.variant, field: `${at}/variant` }];
  return (serve.rollout?.variations ?? []).map((share, k) => ({
    key: share.variant,
    field: `${at}/rollout/variations/${k}/variant`,
  }));
}

/** Every variant a configuration serves, and where. */
export function variantReferences(config: FlagConfig): Reference[] {
  return [
    { key: config.offVariation, field: '/offVariation' },
    ...config.targets.map((target, i) => ({ key: target.variant, field: `/targets/${i}/variant` })),
    ...config.rules.flatMap((rule, i) => serveVariants(rule.serve, `/rules/${i}/serve`)),
    ...serveVariants(config.defaultServe, '/defaultServe'),
  ];
}

/** Every segment a configuration's rules test, and where. */
export function segmentReferences(config: FlagConfig): Reference[] {
  return config.rules.flatMap((rule, i) =>
    rule.conditions.flatMap((condition, j) =>
      condition.operator === 'inSegment'
        ? condition.values.map((value, k) => ({
            key: String(value),
            field: `/rules/${i}/conditions/${j}/values/${k}`,
          }))
        : [],
    ),
  );
}

/** Every condition of a configuration, with its pointer. */
export function conditionsOf(config: FlagConfig): [Condition, string][] {
  return config.rules.flatMap((rule, i) =>
    rule.conditions.map((condition, j): [Condition, string] => [
      condition,
      `/rules/${i}/conditions/${j}`,
    ]),
  );
}

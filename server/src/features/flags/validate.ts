import {
  type FieldError,
  type FlagConfig,
  type FlagKind,
  type Variant,
  validateVariants,
} from '@tripswitch/sdk/protocol';
import { variantReferences } from '../../domain/references.ts';
import { InUseError, invalid, problem, under } from '../../errors.ts';

/** Throws a 400 naming every problem with a flag's variants (pointers under `/body/variants`). */
export function assertVariants(kind: FlagKind, variants: Variant[]): void {
  const errors = validateVariants(kind, variants);
  if (errors.length > 0) throw invalid(under('/body/variants', errors));
}

/** Throws a 400 when a chosen variant key is not among the flag's variants. */
export function assertChosenVariant(
  variants: Variant[],
  key: string | undefined,
  field: string,
): void {
  if (key !== undefined && !variants.some((variant) => variant.key === key)) {
    throw invalid([{ field, message: `no variant "${key}" in this flag` }]);
  }
}

/**
 * Refuses to drop variants that some environment still serves, naming each environment and the
 * field of its configuration that uses them.
 */
export function assertVariantsUnused(
  variants: Variant[],
  configs: { environmentKey: string; config: unknown }[],
): void {
  const kept = new Set(variants.map((variant) => variant.key));
  const uses = configs.flatMap(({ environmentKey, config }) =>
    variantReferences(config as FlagConfig)
      .filter((reference) => !kept.has(reference.key))
      .map((reference) => ({ environmentKey, ...reference })),
  );
  if (uses.length === 0) return;
  const environments = [...new Set(uses.map((use) => use.environmentKey))];
  const errors: FieldError[] = uses.map((use) => ({
    field: '/body/variants',
    message: `variant "${use.key}" is still served in ${use.environmentKey} at ${use.field}`,
  }));
  throw problem(
    InUseError,
    `Variants still in use in ${environments.join(', ')}: change those configurations first.`,
    { errors },
  );
}

import type { FlagConfig, FlagKind, Variant } from '@tripswitch/sdk/protocol';

/** A boolean flag's variants unless others are given: on = true, off = false. */
export const BOOLEAN_VARIANTS: Variant[] = [
  { key: 'on', value: true },
  { key: 'off', value: false },
];

/** The variants a new flag of `kind` gets when none are given, if it has defaults at all. */
export function defaultVariants(kind: FlagKind): Variant[] | undefined {
  return kind === 'boolean' ? BOOLEAN_VARIANTS : undefined;
}

/**
 * The configuration a flag starts with in an environment: off, serving the off variation (the
 * last variant unless chosen), with a default rule serving the first variant (unless chosen).
 */
export function initialConfig(
  variants: Variant[],
  choices: { offVariation?: string | undefined; defaultVariation?: string | undefined } = {},
): FlagConfig {
  return {
    on: false,
    offVariation: choices.offVariation ?? (variants.at(-1) as Variant).key,
    targets: [],
    rules: [],
    defaultServe: { variant: choices.defaultVariation ?? (variants[0] as Variant).key },
  };
}

import type { CompiledServe } from './model.ts';
import { arrayAt, describe, integerField, objectAt, refuse } from './shape.ts';
import { BUCKET_COUNT } from './types.ts';

/** Resolves a variant key to its index in the flag, refusing unknown keys at `path`. */
export type VariantIndex = (variantKey: unknown, path: string) => number;

/** Validates and compiles what a rule or the default rule serves: a variant or a rollout. */
export function compileServe(raw: unknown, path: string, indexOf: VariantIndex): CompiledServe {
  const fields = objectAt(raw, path);
  const hasVariant = fields.variant !== undefined;
  const hasRollout = fields.rollout !== undefined;
  if (hasVariant === hasRollout) refuse(path, 'expected exactly one of variant or rollout');
  if (hasVariant) return { kind: 'variant', variant: indexOf(fields.variant, `${path}.variant`) };

  const at = `${path}.rollout`;
  const rollout = objectAt(fields.rollout, at);
  const bucketBy = rollout.bucketBy ?? 'key';
  if (typeof bucketBy !== 'string' || bucketBy === '') {
    refuse(`${at}.bucketBy`, `expected an attribute name, got ${describe(bucketBy)}`);
  }
  const variations = arrayAt(rollout.variations, `${at}.variations`);
  if (variations.length === 0) refuse(`${at}.variations`, 'a rollout needs at least one variant');
  // Variants take consecutive bucket ranges in the order listed; empty shares take none.
  const upperBounds: number[] = [];
  const variants: number[] = [];
  let total = 0;
  variations.forEach((item, i) => {
    const itemAt = `${at}.variations[${i}]`;
    const variation = objectAt(item, itemAt);
    const variant = indexOf(variation.variant, `${itemAt}.variant`);
    const weight = integerField(variation, 'weight', itemAt, 0);
    total += weight;
    if (weight > 0) {
      upperBounds.push(total);
      variants.push(variant);
    }
  });
  if (total !== BUCKET_COUNT) refuse(at, `weights sum to ${total}, expected ${BUCKET_COUNT}`);
  return {
    kind: 'rollout',
    bucketBy,
    upperBounds: Int32Array.from(upperBounds),
    variants: Int32Array.from(variants),
  };
}

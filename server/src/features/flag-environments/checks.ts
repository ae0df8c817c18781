import {
  type FieldError,
  type FlagConfig,
  type Variant,
  validateFlagConfig,
} from '@tripswitch/sdk/protocol';
import { conditionsOf } from '../../domain/references.ts';
import { unsafePatterns } from '../../domain/safe-patterns.ts';
import type { Tx } from '../../store/prisma.ts';

/**
 * Everything wrong with `config` for this flag in this environment: the shared semantic checks
 * (variants, segments, weights, operator values), then the server's regex safety check.
 */
export async function configErrors(
  tx: Tx,
  config: FlagConfig,
  variants: Variant[],
  environment: string,
): Promise<FieldError[]> {
  const segments = await tx.segment.findMany({
    where: { environmentKey: environment },
    select: { key: true },
  });
  const errors = validateFlagConfig(config, { variants, segmentKeys: segments.map((s) => s.key) });
  return errors.length > 0 ? errors : unsafePatterns(conditionsOf(config));
}

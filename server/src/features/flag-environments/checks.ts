import {
  type FieldError,
  type FlagConfig,
  type Variant,
  validateFlagConfig,
} from '@tripswitch/sdk/protocol';
import type { Tx } from '../../store/prisma.ts';

/**
 * Everything wrong with `config` for this flag in this environment: the shared semantic checks
 * (variants, segments, weights, operator values). Regex safety is proven before the write's
 * transaction (flagEnvironmentService.update), as it may take a while.
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
  return validateFlagConfig(config, { variants, segmentKeys: segments.map((s) => s.key) });
}

import type { FlagEnvironmentSummary } from '@tripswitch/sdk/protocol';
import { formatShare } from '../targeting/rollout.ts';

/**
 * What the default rule's rollout gives besides the off variation, for lists: "25%" for one such
 * variant, "a 30% · b 20%" for several. Null when the flag is off or serves one variant to all.
 */
export function rolloutShare(summary: FlagEnvironmentSummary): string | null {
  const rollout = summary.defaultServe.rollout;
  if (!summary.on || !rollout) return null;
  const served = rollout.variations.filter((v) => v.variant !== summary.offVariation);
  if (served.length === 1) return `${formatShare(served[0]?.weight ?? 0)}%`;
  return served
    .filter((v) => v.weight > 0)
    .map((v) => `${v.variant} ${formatShare(v.weight)}%`)
    .join(' · ');
}

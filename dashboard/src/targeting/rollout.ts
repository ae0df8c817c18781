import { ROLLOUT_TOTAL, type WeightedVariant } from '@tripswitch/sdk/protocol';

/** The editor's precision: 0.1%, in the protocol's 0.001% weight units. */
export const SHARE_STEP = 100;

/** A weight as a percentage for people: 5000 is "5", 12345 is "12.345". */
export function formatShare(weight: number): string {
  return String(Number((weight / 1000).toFixed(3)));
}

/** A typed percentage as a weight on the editor's 0.1% grid, or null when it is not a number. */
export function parseShare(text: string): number | null {
  const percent = Number(text.trim().replace(',', '.'));
  if (text.trim() === '' || !Number.isFinite(percent)) return null;
  return clampToGrid(percent * 1000);
}

function clampToGrid(weight: number): number {
  const stepped = Math.round(weight / SHARE_STEP) * SHARE_STEP;
  return Math.min(ROLLOUT_TOTAL, Math.max(0, stepped));
}

/** The whole rollout on one variant. */
export function allOn(variantKeys: readonly string[], variant: string): WeightedVariant[] {
  return variantKeys.map((key) => ({ variant: key, weight: key === variant ? ROLLOUT_TOTAL : 0 }));
}

/**
 * Sets one variant's share and rebalances the others so the total stays 100%. The rest is split
 * in proportion to the others' current shares (equally when they are all zero), on the 0.1% grid;
 * the steps lost to rounding go to the largest remainders, ties to the earlier variant, so the
 * same edit always gives the same result.
 */
export function setShare(
  variations: readonly WeightedVariant[],
  index: number,
  weight: number,
): WeightedVariant[] {
  if (variations.length === 1)
    return [{ ...(variations[0] as WeightedVariant), weight: ROLLOUT_TOTAL }];
  const own = clampToGrid(weight);
  const restSteps = (ROLLOUT_TOTAL - own) / SHARE_STEP;
  const others = variations.map((v, i) => ({ i, weight: v.weight })).filter((o) => o.i !== index);
  const othersTotal = others.reduce((sum, o) => sum + o.weight, 0);
  const ideal = others.map((o) => ({
    i: o.i,
    steps: othersTotal > 0 ? (restSteps * o.weight) / othersTotal : restSteps / others.length,
  }));
  const floors = new Map(ideal.map((o) => [o.i, Math.floor(o.steps)]));
  let leftover = restSteps - [...floors.values()].reduce((sum, steps) => sum + steps, 0);
  const byRemainder = [...ideal].sort(
    (a, b) => b.steps - Math.floor(b.steps) - (a.steps - Math.floor(a.steps)) || a.i - b.i,
  );
  for (const o of byRemainder) {
    if (leftover <= 0) break;
    floors.set(o.i, (floors.get(o.i) ?? 0) + 1);
    leftover -= 1;
  }
  return variations.map((v, i) => ({
    ...v,
    weight: i === index ? own : (floors.get(i) ?? 0) * SHARE_STEP,
  }));
}

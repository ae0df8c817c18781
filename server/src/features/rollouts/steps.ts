import {
  type FieldError,
  type ProgressiveRollout,
  ROLLOUT_TOTAL,
  type RolloutStep,
  type Serve,
} from '@tripswitch/sdk/protocol';

/** Shares must grow step by step and end with everyone. */
export function stepErrors(steps: readonly RolloutStep[]): FieldError[] {
  const errors: FieldError[] = [];
  steps.forEach((step, i) => {
    const previous = steps[i - 1];
    if (previous && step.share <= previous.share) {
      errors.push({
        field: `/body/steps/${i}/share`,
        message: `must be above the previous step's ${previous.share}`,
      });
    }
  });
  const last = steps.at(-1);
  if (last && last.share !== ROLLOUT_TOTAL) {
    errors.push({
      field: `/body/steps/${steps.length - 1}/share`,
      message: `the last step must be ${ROLLOUT_TOTAL} (everyone)`,
    });
  }
  return errors;
}

type Arms = Pick<ProgressiveRollout, 'controlVariant' | 'treatmentVariant' | 'bucketBy'>;

/**
 * What the default rule serves at a step: a rollout with the treatment first, so raising its share
 * only extends its bucket range and nobody who had the treatment is moved back to control.
 */
export function serveAt(arms: Arms, share: number): Serve {
  return {
    rollout: {
      variations: [
        { variant: arms.treatmentVariant, weight: share },
        { variant: arms.controlVariant, weight: ROLLOUT_TOTAL - share },
      ],
      ...(arms.bucketBy !== null && { bucketBy: arms.bucketBy }),
    },
  };
}

/** Whether two serves are the same (key order aside). */
export function sameServe(a: Serve, b: Serve): boolean {
  return canonical(a) === canonical(b);
}

function canonical(serve: Serve): string {
  if (serve.variant !== undefined) return `variant:${serve.variant}`;
  const rollout = serve.rollout;
  const shares = rollout?.variations.map((v) => `${v.variant}=${v.weight}`).join(',');
  return `rollout:${rollout?.bucketBy ?? 'key'}:${shares}`;
}

/** A share in 0.001% units as a percentage for people, e.g. 2500 -> "2.5%". */
export function percent(share: number): string {
  return `${Number(((share * 100) / ROLLOUT_TOTAL).toPrecision(6))}%`;
}

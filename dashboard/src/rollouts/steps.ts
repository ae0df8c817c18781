import type { FieldError, RolloutStep } from '@tripswitch/sdk/protocol';
import { ROLLOUT_TOTAL } from '@tripswitch/sdk/protocol';
import { parseDuration } from '../ui/duration.ts';

/** One step as typed in the form: a percentage and a hold such as "30m". */
export interface StepDraft {
  share: string;
  hold: string;
}

/** 1%, 5%, 25%, 50%, then everyone; each held half an hour (the last one until it completes). */
export const DEFAULT_STEPS: readonly StepDraft[] = [
  { share: '1', hold: '30m' },
  { share: '5', hold: '30m' },
  { share: '25', hold: '30m' },
  { share: '50', hold: '30m' },
  { share: '100', hold: '30m' },
];

const MAX_HOLD_SECONDS = 30 * 86_400;

/**
 * The steps the drafts describe, or the field errors (pointers `/steps/<i>/share` and
 * `/steps/<i>/holdSeconds`, as the server's) that stop them being sent: shares in (0, 100]% with
 * at most three decimals, strictly increasing, the last one 100%; holds up to 30 days.
 */
export function parseSteps(
  drafts: readonly StepDraft[],
): { steps: RolloutStep[]; errors: [] } | { steps: null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const steps: RolloutStep[] = [];
  drafts.forEach((draft, i) => {
    const share = parsePercent(draft.share);
    const last = i === drafts.length - 1;
    const shareError =
      share === null
        ? 'must be a percentage above 0 and at most 100'
        : i > 0 && share <= (steps[i - 1]?.share ?? 0)
          ? 'must be larger than the step before'
          : last && share !== ROLLOUT_TOTAL
            ? 'the last step must be 100% (everyone)'
            : null;
    if (shareError) errors.push({ field: `/steps/${i}/share`, message: shareError });
    const holdSeconds = parseDuration(draft.hold);
    if (holdSeconds === null || holdSeconds > MAX_HOLD_SECONDS) {
      errors.push({
        field: `/steps/${i}/holdSeconds`,
        message: 'must be a duration such as 90s, 10m or 1h 30m, at most 30d',
      });
    }
    steps.push({ share: share ?? 0, holdSeconds: holdSeconds ?? 0 });
  });
  if (drafts.length === 0) errors.push({ field: '/steps', message: 'needs at least one step' });
  return errors.length > 0 ? { steps: null, errors } : { steps, errors: [] };
}

/** A typed percentage in the protocol's 0.001% units, or null outside (0, 100]%. */
function parsePercent(text: string): number | null {
  const percent = Number(text.trim().replace(',', '.'));
  const share = Math.round(percent * 1000);
  if (text.trim() === '' || !Number.isFinite(percent) || share < 1 || share > ROLLOUT_TOTAL) {
    return null;
  }
  return share;
}

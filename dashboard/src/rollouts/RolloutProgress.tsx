import type { Environment, Guardrail, ProgressiveRollout } from '@tripswitch/sdk/protocol';
import { formatShare } from '../targeting/rollout.ts';
import { useConfirm } from '../ui/ConfirmProvider.tsx';
import { formatDuration, formatElapsed } from '../ui/duration.ts';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';
import { useNow } from '../ui/useNow.ts';
import { rolloutBlockers } from './blockers.ts';
import { useRolloutControl } from './useRolloutControl.ts';

const clock = (iso: string) => new Date(iso).toLocaleTimeString();

/** A running or paused rollout: where it is, what comes next and when, and its controls. */
export function RolloutProgress({
  rollout,
  guardrails,
  environment,
}: {
  rollout: ProgressiveRollout;
  guardrails: readonly Guardrail[];
  environment: Environment;
}) {
  const now = useNow();
  const confirm = useConfirm();
  const control = useRolloutControl(rollout.flagKey, environment);
  const { steps, stepIndex, treatmentVariant: treatment, controlVariant } = rollout;
  const share = steps[stepIndex]?.share ?? 0;
  const held = formatElapsed((now - Date.parse(rollout.stepStartedAt)) / 1000);
  const blockers = rollout.state === 'running' ? rolloutBlockers(guardrails) : [];

  async function abort() {
    const ok = await confirm({
      title: `Abort the rollout of ${treatment} in ${environment.name || environment.key}?`,
      body: `Everyone gets “${controlVariant}” again within moments. The rollout cannot be resumed; start a new one later.`,
      confirmLabel: 'Abort rollout',
      danger: true,
    });
    if (ok) control.mutate('abortRollout');
  }

  return (
    <div className="stack">
      <p className="rollout-share">
        <strong>{formatShare(share)}%</strong> get <code>{treatment}</code>, the rest{' '}
        <code>{controlVariant}</code>. Step {stepIndex + 1} of {steps.length}, held {held}.
      </p>
      <progress max={100_000} value={share} aria-label={`Share of ${treatment}`} />
      <ol className="rollout-steps" aria-label="Steps">
        {steps.map((step, index) => (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: steps are positions; they never reorder
            key={index}
            className={index < stepIndex ? 'done' : index === stepIndex ? 'current' : undefined}
            aria-current={index === stepIndex ? 'step' : undefined}
          >
            {formatShare(step.share)}% · hold {formatDuration(step.holdSeconds)}
          </li>
        ))}
      </ol>
      <p role="status">
        {rollout.state === 'paused'
          ? `Paused${rollout.reason ? `: ${rollout.reason}` : ' by a person'}. Guardrails keep watching.`
          : nextStep(rollout, now)}
      </p>
      {blockers.length > 0 && (
        <ul className="banner warning" aria-label="What the rollout waits for">
          {blockers.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      <ProblemBanner error={control.error} />
      <div className="actions">
        {rollout.state === 'running' ? (
          <button
            type="button"
            onClick={() => control.mutate('pauseRollout')}
            disabled={control.isPending}
          >
            Pause rollout
          </button>
        ) : (
          <button
            type="button"
            onClick={() => control.mutate('resumeRollout')}
            disabled={control.isPending}
          >
            Resume rollout
          </button>
        )}
        <button type="button" className="danger" onClick={abort} disabled={control.isPending}>
          Abort rollout
        </button>
      </div>
    </div>
  );
}

function nextStep(rollout: ProgressiveRollout, now: number): string {
  if (!rollout.nextStepAt) return 'Running.';
  const what =
    rollout.nextShare === null
      ? 'Completes (everyone keeps the treatment)'
      : `Next step: ${formatShare(rollout.nextShare)}%`;
  const wait = (Date.parse(rollout.nextStepAt) - now) / 1000;
  if (wait > 0) {
    return `${what} at ${clock(rollout.nextStepAt)}, in ${formatElapsed(wait)}, if guardrails hold.`;
  }
  return `${what} as soon as every guardrail is healthy with enough samples; the hold is over.`;
}

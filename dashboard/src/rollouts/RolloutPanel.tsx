import { useQuery } from '@tanstack/react-query';
import type { Environment, Flag, Guardrail, ProgressiveRollout } from '@tripswitch/sdk/protocol';
import { rolloutQuery } from '../api/queries.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { QueryState } from '../ui/QueryState.tsx';
import { RolloutProgress } from './RolloutProgress.tsx';
import { StartRolloutForm } from './StartRolloutForm.tsx';

/** How often the open tab rereads the rollout, so its progress moves without a reload. */
export const LIVE_MS = 2000;

interface RolloutPanelProps {
  flag: Flag;
  environment: Environment;
  guardrails: readonly Guardrail[];
  offVariation: string;
}

/** The flag environment's progressive rollout: its progress, or how the last one ended and a new one. */
export function RolloutPanel({ flag, environment, guardrails, offVariation }: RolloutPanelProps) {
  const admin = useAdmin();
  const rollout = useQuery({
    ...rolloutQuery(admin, environment.key, flag.key),
    refetchInterval: LIVE_MS,
  });
  return (
    <section className="card stack" aria-labelledby="rollout-title">
      <div className="spread">
        <h3 id="rollout-title">Progressive rollout</h3>
        {rollout.data && (
          <span className={`pill rollout-${rollout.data.state}`}>{rollout.data.state}</span>
        )}
      </div>
      <QueryState query={rollout}>
        {(current) =>
          current && (current.state === 'running' || current.state === 'paused') ? (
            <RolloutProgress rollout={current} guardrails={guardrails} environment={environment} />
          ) : (
            <>
              {current && <RolloutEnding rollout={current} />}
              <details className="stack">
                <summary>
                  {current ? 'Start another rollout' : 'Start a progressive rollout'}
                </summary>
                <StartRolloutForm
                  flag={flag}
                  environment={environment}
                  offVariation={offVariation}
                />
              </details>
            </>
          )
        }
      </QueryState>
    </section>
  );
}

/** How the last rollout ended; a trip in the danger colour. */
function RolloutEnding({ rollout }: { rollout: ProgressiveRollout }) {
  const when = rollout.finishedAt ? new Date(rollout.finishedAt).toLocaleString() : 'just now';
  const { treatmentVariant: treatment, controlVariant: control, reason } = rollout;
  if (rollout.state === 'tripped') {
    return (
      <p className="banner danger" role="status">
        <strong>
          The rollout of {treatment} was stopped by a guardrail at {when}.
        </strong>{' '}
        {reason}
      </p>
    );
  }
  return (
    <p role="status">
      {rollout.state === 'completed'
        ? `The rollout of ${treatment} completed at ${when}: everyone gets ${treatment}.`
        : `The rollout of ${treatment} was aborted at ${when}: everyone gets ${control}.`}
      {reason && ` ${reason}`}
    </p>
  );
}

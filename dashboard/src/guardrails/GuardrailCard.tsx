import type { Flag, Guardrail } from '@tripswitch/sdk/protocol';
import { useState } from 'react';
import { formatDuration } from '../ui/duration.ts';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';
import { describeGuardrail, formatPercent, guardrailState } from './describe.ts';
import { FiguresTable } from './FiguresTable.tsx';
import { GuardrailForm } from './GuardrailForm.tsx';
import { ReplayPanel } from './ReplayPanel.tsx';
import { StatePill } from './StatePill.tsx';
import { useGuardrailChange } from './useGuardrailChange.ts';

/** One guardrail: its state, the figures it measures now against its limit, its last trip. */
export function GuardrailCard({ guardrail, flag }: { guardrail: Guardrail; flag: Flag }) {
  const [editing, setEditing] = useState(false);
  const change = useGuardrailChange(guardrail);
  const name = describeGuardrail(guardrail);
  const { trip } = guardrail;
  return (
    <li className="stack guardrail" aria-label={name}>
      <div className="spread">
        <h4>{name}</h4>
        <StatePill state={guardrailState(guardrail)} />
      </div>
      <p className="muted">
        Minimum sample {guardrail.minimumSample} · evidence{' '}
        {guardrail.windowSeconds === null
          ? 'since arming'
          : `per ${formatDuration(guardrail.windowSeconds)} window`}{' '}
        · confidence {formatPercent(guardrail.confidence)} · on trip:{' '}
        {guardrail.action === 'kill' ? 'kill' : 'revert'} · control:{' '}
        {guardrail.controlVariant ?? 'the rollout’s, else the off variation'}
      </p>
      {guardrail.state === 'armed' && <p role="status">{guardrail.status.summary}</p>}
      {guardrail.shadow && (
        <p className="muted" data-testid="shadow-trip">
          Shadow mode: watches and records, never acts.{' '}
          {guardrail.shadowTrip
            ? `Would have tripped at ${new Date(guardrail.shadowTrip.at).toLocaleString()}: ${guardrail.shadowTrip.evaluation.summary}`
            : 'It would not have tripped since arming.'}
        </p>
      )}
      <FiguresTable
        evaluation={guardrail.status}
        metric={guardrail.metric}
        relative={guardrail.threshold.kind === 'relative'}
        minimumSample={guardrail.minimumSample}
        caption="Measured now"
      />
      {trip && guardrail.state === 'armed' && (
        <details>
          <summary>
            Last trip: <time dateTime={trip.at}>{new Date(trip.at).toLocaleString()}</time>
          </summary>
          <p>{trip.evaluation.summary}</p>
          <FiguresTable
            evaluation={trip.evaluation}
            metric={guardrail.metric}
            relative={guardrail.threshold.kind === 'relative'}
            minimumSample={guardrail.minimumSample}
            caption="Measured at the trip"
          />
        </details>
      )}
      <ReplayPanel guardrail={guardrail} />
      <ProblemBanner error={change.error} />
      {editing ? (
        <GuardrailForm
          flag={flag}
          environment={guardrail.environment}
          guardrail={guardrail}
          onDone={() => setEditing(false)}
        />
      ) : (
        <div className="actions">
          {guardrail.state === 'tripped' && (
            <button
              type="button"
              onClick={change.rearm}
              disabled={change.pending}
              aria-label={`Re-arm ${name}`}
            >
              Re-arm
            </button>
          )}
          <button type="button" onClick={() => setEditing(true)} aria-label={`Edit ${name}`}>
            Edit
          </button>
          <button
            type="button"
            onClick={change.remove}
            disabled={change.pending}
            aria-label={`Delete ${name}`}
          >
            Delete
          </button>
        </div>
      )}
    </li>
  );
}

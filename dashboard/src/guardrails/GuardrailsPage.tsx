import { useQuery } from '@tanstack/react-query';
import type { Environment, Flag, Guardrail } from '@tripswitch/sdk/protocol';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { flagEnvironmentQuery, guardrailsQuery } from '../api/queries.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { useFlagContext } from '../flags/FlagLayout.tsx';
import { MetricsPanel } from '../metrics/MetricsPanel.tsx';
import { LIVE_MS, RolloutPanel } from '../rollouts/RolloutPanel.tsx';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';
import { GuardrailCard } from './GuardrailCard.tsx';
import { GuardrailForm } from './GuardrailForm.tsx';
import { TripNotice } from './TripNotice.tsx';
import './guardrails.css';

/**
 * One flag in one environment, under watch: trips first (an incident is read top-down), then the
 * progressive rollout, the metrics per variant, and the guardrails. Loaded on demand with its
 * chart library, and kept current by short polls while it is open.
 */
export default function GuardrailsPage() {
  const admin = useAdmin();
  const { flag, environments } = useFlagContext();
  const { environment: environmentKey = '' } = useParams();
  const environment = environments.find((env) => env.key === environmentKey);
  const current = useQuery(flagEnvironmentQuery(admin, environmentKey, flag.key));
  const guardrails = useQuery({
    ...guardrailsQuery(admin, environmentKey, flag.key),
    refetchInterval: LIVE_MS,
  });

  if (!environment) return <p>There is no environment “{environmentKey}”.</p>;
  const error = current.error ?? guardrails.error;
  if (error) return <ProblemBanner error={error} />;
  if (!current.data || !guardrails.data) return <p className="muted">Loading…</p>;
  const base = `/flags/${flag.key}/environments/${environment.key}`;
  return (
    <div className="stack">
      <div className="spread">
        <h2>Guardrails and rollout in {environment.name || environment.key}</h2>
        <p className="row">
          <Link to={base}>Targeting</Link>
          <Link to={`${base}/history`}>History</Link>
        </p>
      </div>
      {guardrails.data
        .filter((guardrail) => guardrail.state === 'tripped')
        .map((guardrail) => (
          <TripNotice key={guardrail.id} guardrail={guardrail} flag={flag} />
        ))}
      <RolloutPanel
        flag={flag}
        environment={environment}
        guardrails={guardrails.data}
        offVariation={current.data.config.offVariation}
      />
      <MetricsPanel flag={flag} environment={environment.key} />
      <GuardrailList flag={flag} environment={environment} guardrails={guardrails.data} />
    </div>
  );
}

function GuardrailList({
  flag,
  environment,
  guardrails,
}: {
  flag: Flag;
  environment: Environment;
  guardrails: Guardrail[];
}) {
  const [adding, setAdding] = useState(false);
  return (
    <section className="card stack" aria-labelledby="guardrails-title">
      <h3 id="guardrails-title">Guardrails</h3>
      <p className="hint">
        Each watches one metric per variant over a window and trips when a treatment is worse than
        its limit with the stated confidence: it turns the flag off (kill) or writes back the
        version before the rollout (revert), and blocks rollouts until a person re-arms it.
      </p>
      {guardrails.length === 0 ? (
        <p className="muted">No guardrails yet.</p>
      ) : (
        <ul className="guardrails" aria-label="Guardrails">
          {guardrails.map((guardrail) => (
            <GuardrailCard key={guardrail.id} guardrail={guardrail} flag={flag} />
          ))}
        </ul>
      )}
      {adding ? (
        <GuardrailForm flag={flag} environment={environment.key} onDone={() => setAdding(false)} />
      ) : (
        <div>
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            Add a guardrail
          </button>
        </div>
      )}
    </section>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { flagEnvironmentQuery, segmentsQuery } from '../api/queries.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { useFlagContext } from '../flags/FlagLayout.tsx';
import { TrippedGuardrails } from '../guardrails/TrippedGuardrails.tsx';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';
import { ConfigEditor } from './ConfigEditor.tsx';
import { KillSwitch } from './KillSwitch.tsx';

/** One flag in one environment: the kill switch, then its targeting. */
export function TargetingPage() {
  const admin = useAdmin();
  const { flag, environments } = useFlagContext();
  const { environment: environmentKey = '' } = useParams();
  const environment = environments.find((env) => env.key === environmentKey);
  const current = useQuery(flagEnvironmentQuery(admin, environmentKey, flag.key));
  const segments = useQuery(segmentsQuery(admin, environmentKey));

  if (!environment) return <p>There is no environment “{environmentKey}”.</p>;
  const error = current.error ?? segments.error;
  if (error) return <ProblemBanner error={error} />;
  if (!current.data || !segments.data) return <p className="muted">Loading…</p>;
  return (
    <div className="stack">
      <TrippedGuardrails flagKey={flag.key} environment={environment.key} />
      <KillSwitch current={current.data} environment={environment} />
      <p className="row">
        <Link to="history">
          History of {flag.key} in {environment.key}
        </Link>
        <Link to="guardrails">Guardrails, rollout and metrics</Link>
      </p>
      <ConfigEditor
        key={`${flag.key}/${environment.key}`}
        current={current.data}
        environment={environment}
        flag={flag}
        segments={segments.data.items}
      />
    </div>
  );
}

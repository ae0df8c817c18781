import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { guardrailsQuery } from '../api/queries.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { describeGuardrail } from './describe.ts';

/**
 * On the targeting page: says a guardrail tripped (so nobody turns the flag back on without
 * seeing why) and links to the trip. Renders nothing while every guardrail is armed.
 */
export function TrippedGuardrails({
  flagKey,
  environment,
}: {
  flagKey: string;
  environment: string;
}) {
  const admin = useAdmin();
  const guardrails = useQuery(guardrailsQuery(admin, environment, flagKey));
  const tripped = (guardrails.data ?? []).filter((guardrail) => guardrail.state === 'tripped');
  if (tripped.length === 0) return null;
  return (
    <div className="banner danger" role="status">
      {tripped.map((guardrail) => (
        <p key={guardrail.id}>
          <strong>Tripped: {describeGuardrail(guardrail)}</strong>
          {guardrail.trip && ` at ${new Date(guardrail.trip.at).toLocaleString()}`}.{' '}
          <Link to="guardrails">See the trip and re-arm it</Link>
        </p>
      ))}
    </div>
  );
}

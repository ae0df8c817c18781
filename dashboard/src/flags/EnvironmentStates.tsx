import type { Environment, Flag } from '@tripswitch/sdk/protocol';
import { useKillSwitch } from '../targeting/useKillSwitch.ts';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';
import { rolloutShare } from './share.ts';

/**
 * A flag's state in each environment, as the list shows it: on or off, the default rule's
 * rollout share, a guardrail's trip, and the kill switch itself (asked the way the flag page asks).
 */
export function EnvironmentStates({
  flag,
  environments,
}: {
  flag: Flag;
  environments: readonly Environment[];
}) {
  return (
    <ul className="pills" aria-label={`State of ${flag.key} per environment`}>
      {environments.map((environment) => (
        <EnvironmentState key={environment.key} flag={flag} environment={environment} />
      ))}
    </ul>
  );
}

function EnvironmentState({ flag, environment }: { flag: Flag; environment: Environment }) {
  const summary = flag.environments[environment.key];
  const flip = useKillSwitch(flag.key, environment);
  const on = summary?.on ?? false;
  const share = summary ? rolloutShare(summary) : null;
  return (
    <li className="environment-state">
      <span className={`pill ${on ? 'on' : 'off'}`}>
        {environment.key}: {on ? 'on' : 'off'}
        {share && ` · ${share}`}
      </span>
      {summary?.tripped && <span className="pill tripped">tripped</span>}
      {summary && on && (
        <button
          type="button"
          className="small"
          aria-label={`Kill ${flag.key} in ${environment.key}`}
          onClick={() => flip.toggle(summary)}
          disabled={flip.pending}
        >
          Kill
        </button>
      )}
      <ProblemBanner error={flip.error} />
    </li>
  );
}

import type { Environment, FlagEnvironment } from '@tripswitch/sdk/protocol';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';
import { useKillSwitch } from './useKillSwitch.ts';

/** The kill switch: one control that turns the flag off (everyone gets the off variation) or back on. */
export function KillSwitch({
  current,
  environment,
}: {
  current: FlagEnvironment;
  environment: Environment;
}) {
  const { flagKey, config } = current;
  const flip = useKillSwitch(flagKey, environment);
  const toggle = () => flip.toggle(config);

  return (
    <section className="card stack" aria-labelledby="kill-switch-title">
      <h2 id="kill-switch-title">Kill switch</h2>
      <div className="kill-switch">
        <button
          type="button"
          role="switch"
          aria-checked={config.on}
          aria-label={`${flagKey} in ${environment.key}`}
          onClick={toggle}
          disabled={flip.pending}
        >
          {config.on ? 'On' : 'Off'}
        </button>
        <p role="status">
          {config.on
            ? 'On: targets, rules and the default rule decide what each context gets.'
            : `Off: everyone gets "${config.offVariation}".`}{' '}
          <span className="muted">
            Version {current.version}, by {current.updatedBy}.
          </span>
        </p>
      </div>
      <ProblemBanner error={flip.error} />
    </section>
  );
}

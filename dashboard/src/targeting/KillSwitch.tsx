import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Environment, FlagEnvironment } from '@tripswitch/sdk/protocol';
import { queryKeys } from '../api/queryKeys.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { useConfirm } from '../ui/ConfirmProvider.tsx';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';

/**
 * The kill switch: one control that turns the flag off (everyone gets the off variation) or back
 * on. It sends no base version on purpose: a kill must never wait on a conflict.
 */
export function KillSwitch({
  current,
  environment,
}: {
  current: FlagEnvironment;
  environment: Environment;
}) {
  const admin = useAdmin();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const { flagKey, config } = current;
  const flip = useMutation({
    mutationFn: (on: boolean) =>
      admin.call(on ? 'enableFlag' : 'killFlag', {
        params: { flagKey, environment: environment.key },
      }),
    onSuccess: (next) => {
      queryClient.setQueryData(queryKeys.flagEnvironment(environment.key, flagKey), next);
      void queryClient.invalidateQueries({ queryKey: queryKeys.flags });
      void queryClient.invalidateQueries({
        queryKey: queryKeys.versions(environment.key, flagKey),
      });
    },
  });

  async function toggle() {
    const turningOn = !config.on;
    if (environment.confirmChanges) {
      const ok = await confirm({
        title: turningOn
          ? `Turn ${flagKey} on in ${environment.name || environment.key}?`
          : `Turn ${flagKey} off in ${environment.name || environment.key}?`,
        body: turningOn
          ? 'Targets, rules and the default rule apply again.'
          : `Everyone gets "${config.offVariation}" within moments.`,
        confirmLabel: turningOn ? 'Turn on' : 'Turn off',
        danger: !turningOn,
      });
      if (!ok) return;
    }
    flip.mutate(turningOn);
  }

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
          disabled={flip.isPending}
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

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Environment } from '@tripswitch/sdk/protocol';
import { queryKeys } from '../api/queryKeys.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { useConfirm } from '../ui/ConfirmProvider.tsx';

/** What the switch needs to know about the flag where it is now. */
export interface SwitchState {
  on: boolean;
  offVariation: string;
}

/**
 * Turning a flag off (the kill switch) or back on in one environment, asked the same way wherever
 * the switch is shown (the flag page, the flags list): environments that confirm changes ask
 * first, with a reason that goes to the audit log as the change's comment. It sends no base
 * version on purpose: a kill must never wait on a conflict.
 */
export function useKillSwitch(flagKey: string, environment: Environment) {
  const admin = useAdmin();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const flip = useMutation({
    mutationFn: ({ on, comment }: { on: boolean; comment: string }) =>
      admin.call(on ? 'enableFlag' : 'killFlag', {
        params: { flagKey, environment: environment.key },
        body: comment ? { comment } : {},
      }),
    onSuccess: (next) => {
      queryClient.setQueryData(queryKeys.flagEnvironment(environment.key, flagKey), next);
      void queryClient.invalidateQueries({ queryKey: queryKeys.flags });
      void queryClient.invalidateQueries({
        queryKey: queryKeys.versions(environment.key, flagKey),
      });
    },
  });

  async function toggle(current: SwitchState) {
    const turningOn = !current.on;
    let comment = '';
    if (environment.confirmChanges) {
      const where = environment.name || environment.key;
      const answer = await confirm({
        title: turningOn ? `Turn ${flagKey} on in ${where}?` : `Turn ${flagKey} off in ${where}?`,
        body: turningOn
          ? 'Targets, rules and the default rule apply again.'
          : `Everyone gets "${current.offVariation}" within moments.`,
        confirmLabel: turningOn ? 'Turn on' : 'Turn off',
        danger: !turningOn,
        reason: { label: 'Reason', hint: 'Optional; kept in the history and the audit log.' },
      });
      if (!answer) return;
      comment = answer.reason;
    }
    flip.mutate({ on: turningOn, comment });
  }

  return { toggle, pending: flip.isPending, error: flip.error };
}

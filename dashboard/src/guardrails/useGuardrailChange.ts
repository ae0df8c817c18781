import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Guardrail } from '@tripswitch/sdk/protocol';
import { queryKeys } from '../api/queryKeys.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { useConfirm } from '../ui/ConfirmProvider.tsx';
import { describeGuardrail } from './describe.ts';

/** Re-arm and delete one guardrail, each after a confirmation; both refresh the list. */
export function useGuardrailChange(guardrail: Guardrail) {
  const admin = useAdmin();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const params = {
    flagKey: guardrail.flagKey,
    environment: guardrail.environment,
    guardrailId: guardrail.id,
  };
  const name = `“${describeGuardrail(guardrail)}”`;
  const change = useMutation({
    mutationFn: (kind: 'rearm' | 'delete') =>
      kind === 'rearm'
        ? admin.call('rearmGuardrail', { params, body: { comment: 'Re-armed from the dashboard' } })
        : admin.call('deleteGuardrail', { params }),
    onSuccess: () =>
      queryClient.invalidateQueries({
        queryKey: queryKeys.guardrails(guardrail.environment, guardrail.flagKey),
      }),
  });

  return {
    pending: change.isPending,
    error: change.error,
    async rearm() {
      const ok = await confirm({
        title: `Re-arm ${name}?`,
        body: 'It watches data from now on and trips again if the flag misbehaves. The flag stays as the trip left it: turn it back on or start a new rollout yourself.',
        confirmLabel: 'Re-arm',
      });
      if (ok) change.mutate('rearm');
    },
    async remove() {
      const ok = await confirm({
        title: `Delete ${name}?`,
        body: 'Nothing watches this metric any more, and rollouts no longer wait for it.',
        confirmLabel: 'Delete guardrail',
        danger: true,
      });
      if (ok) change.mutate('delete');
    },
  };
}

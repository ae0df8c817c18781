import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Environment, ProgressiveRollout } from '@tripswitch/sdk/protocol';
import { queryKeys } from '../api/queryKeys.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';

type Control = 'pauseRollout' | 'resumeRollout' | 'abortRollout';

/**
 * Pause, resume or abort a rollout. Each can change the flag (abort serves the control to
 * everyone), so what shows the flag is refreshed along with the rollout.
 */
export function useRolloutControl(flagKey: string, environment: Environment) {
  const admin = useAdmin();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (control: Control) =>
      admin.call(control, { params: { flagKey, environment: environment.key } }),
    onSuccess: (rollout) => afterRolloutChange(queryClient, rollout),
  });
}

/** Shows a rollout the server returned, and refetches the flag it may have changed. */
export function afterRolloutChange(queryClient: QueryClient, rollout: ProgressiveRollout): void {
  const { environment, flagKey } = rollout;
  queryClient.setQueryData(queryKeys.rollout(environment, flagKey), rollout);
  void queryClient.invalidateQueries({ queryKey: queryKeys.flagEnvironment(environment, flagKey) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.versions(environment, flagKey) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.flags });
}

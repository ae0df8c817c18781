import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { environmentsQuery } from '../api/queries.ts';
import { keysTouchedBy, queryKeys } from '../api/queryKeys.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';

const POLL_MS = 1000;

/**
 * Keeps the open dashboard current when someone else (a teammate, the API, a guardrail) changes
 * something: it polls the environments' revisions and refetches what an environment's move
 * touches. This is the one place to swap for an admin change stream later.
 */
export function useLiveUpdates(): void {
  const admin = useAdmin();
  const queryClient = useQueryClient();
  const { data: environments } = useQuery({
    ...environmentsQuery(admin),
    refetchInterval: POLL_MS,
  });
  const seen = useRef<Map<string, number> | null>(null);

  useEffect(() => {
    if (!environments) return;
    const previous = seen.current;
    seen.current = new Map(
      environments.map((environment) => [environment.key, environment.revision]),
    );
    if (!previous) return;
    for (const environment of environments) {
      if (previous.get(environment.key) === environment.revision) continue;
      for (const queryKey of keysTouchedBy(environment.key)) {
        void queryClient.invalidateQueries({ queryKey });
      }
    }
    if (previous.size !== environments.length) {
      void queryClient.invalidateQueries({ queryKey: queryKeys.flags });
    }
  }, [environments, queryClient]);
}

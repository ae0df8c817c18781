import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { followChanges } from '@tripswitch/sdk/admin';
import { useEffect, useRef } from 'react';
import { environmentsQuery } from '../api/queries.ts';
import { keysTouchedBy, queryKeys } from '../api/queryKeys.ts';
import { useAdmin, useAuth } from '../auth/AuthProvider.tsx';

/**
 * The safety net under the change feed: its events come from a bus that may lose one, so the
 * environments' revisions are also compared every few seconds.
 */
const POLL_MS = 5_000;

function refetchEnvironment(queryClient: QueryClient, environment: string): void {
  for (const queryKey of keysTouchedBy(environment)) {
    void queryClient.invalidateQueries({ queryKey });
  }
}

/**
 * Keeps the open dashboard current when someone else (a teammate, the API, a guardrail) changes
 * something: it follows the server's change feed and refetches what each change touches, and
 * polls the environments' revisions beside it for whatever the feed missed.
 */
export function useLiveUpdates(): void {
  const admin = useAdmin();
  const { token, signOut } = useAuth();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!token) return;
    let reconnected = false;
    const feed = followChanges({
      url: '',
      token,
      onChange: ({ environment }) => refetchEnvironment(queryClient, environment),
      // Changes made while the feed was down were not heard: what is on screen is fetched again.
      onOpen: () => {
        if (reconnected) void queryClient.invalidateQueries();
        reconnected = true;
      },
      // The token was revoked (its feed is ended at once, and the reconnect refused).
      onRefused: signOut,
    });
    return () => feed.close();
  }, [token, queryClient, signOut]);

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
      if (previous.get(environment.key) !== environment.revision) {
        refetchEnvironment(queryClient, environment.key);
      }
    }
    if (previous.size !== environments.length) {
      void queryClient.invalidateQueries({ queryKey: queryKeys.flags });
    }
  }, [environments, queryClient]);
}

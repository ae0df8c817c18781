import { queryOptions } from '@tanstack/react-query';
import { type AdminClient, TripswitchApiError } from '@tripswitch/sdk/admin';
import type { AuditQuery, ListFlagsQuery } from '@tripswitch/sdk/protocol';
import { queryKeys } from './queryKeys.ts';

// Every read the dashboard makes, as TanStack Query options, so pages and the live updater agree
// on keys and fetchers.

export const environmentsQuery = (admin: AdminClient) =>
  queryOptions({
    queryKey: queryKeys.environments,
    queryFn: ({ signal }) => admin.call('listEnvironments', { signal }).then((page) => page.items),
  });

export const flagListQuery = (admin: AdminClient, filters: ListFlagsQuery) =>
  queryOptions({
    queryKey: queryKeys.flagList(filters),
    queryFn: ({ signal }) => admin.call('listFlags', { query: filters, signal }),
  });

export const flagQuery = (admin: AdminClient, flagKey: string) =>
  queryOptions({
    queryKey: queryKeys.flag(flagKey),
    queryFn: ({ signal }) => admin.call('getFlag', { params: { flagKey }, signal }),
  });

export const flagEnvironmentQuery = (admin: AdminClient, environment: string, flagKey: string) =>
  queryOptions({
    queryKey: queryKeys.flagEnvironment(environment, flagKey),
    queryFn: ({ signal }) =>
      admin.call('getFlagEnvironment', { params: { flagKey, environment }, signal }),
  });

export const versionsQuery = (
  admin: AdminClient,
  environment: string,
  flagKey: string,
  cursor: string | undefined,
) =>
  queryOptions({
    queryKey: [...queryKeys.versions(environment, flagKey), cursor ?? null],
    queryFn: ({ signal }) =>
      admin.call('listFlagVersions', {
        params: { flagKey, environment },
        query: { limit: 20, cursor },
        signal,
      }),
  });

export const versionQuery = (
  admin: AdminClient,
  environment: string,
  flagKey: string,
  version: number,
) =>
  queryOptions({
    queryKey: [...queryKeys.versions(environment, flagKey), 'one', version],
    queryFn: ({ signal }) =>
      admin.call('getFlagVersion', { params: { flagKey, environment, version }, signal }),
    staleTime: Number.POSITIVE_INFINITY, // versions are immutable
  });

export const segmentsQuery = (admin: AdminClient, environment: string) =>
  queryOptions({
    queryKey: queryKeys.segments(environment),
    queryFn: ({ signal }) =>
      admin.call('listSegments', { params: { environment }, query: { limit: 200 }, signal }),
  });

export const tokensQuery = (admin: AdminClient) =>
  queryOptions({
    queryKey: queryKeys.tokens,
    queryFn: ({ signal }) => admin.call('listTokens', { signal }).then((page) => page.items),
  });

export const auditQuery = (admin: AdminClient, filters: AuditQuery) =>
  queryOptions({
    queryKey: [...queryKeys.audit, filters],
    queryFn: ({ signal }) => admin.call('listAudit', { query: filters, signal }),
  });

export const guardrailsQuery = (admin: AdminClient, environment: string, flagKey: string) =>
  queryOptions({
    queryKey: queryKeys.guardrails(environment, flagKey),
    queryFn: ({ signal }) =>
      admin
        .call('listGuardrails', { params: { flagKey, environment }, signal })
        .then((list) => list.items),
  });

/** The running rollout, else the latest one; null when the flag environment never had one. */
export const rolloutQuery = (admin: AdminClient, environment: string, flagKey: string) =>
  queryOptions({
    queryKey: queryKeys.rollout(environment, flagKey),
    queryFn: ({ signal }) =>
      admin.call('getRollout', { params: { flagKey, environment }, signal }).catch((error) => {
        if (error instanceof TripswitchApiError && error.status === 404) return null;
        throw error;
      }),
  });

/** A time range of metrics: the last `seconds` (moving with each refetch), or fixed bounds. */
export type MetricsRange = { seconds: number } | { from: string; to: string };

export const metricsQuery = (
  admin: AdminClient,
  environment: string,
  flagKey: string,
  range: MetricsRange,
) =>
  queryOptions({
    queryKey: [...queryKeys.metrics(environment, flagKey), range],
    queryFn: ({ signal }) => {
      // Both ends from one clock reading, so the range (and the step the server derives) is exact.
      const now = Date.now();
      const query =
        'seconds' in range
          ? {
              from: new Date(now - range.seconds * 1000).toISOString(),
              to: new Date(now).toISOString(),
            }
          : range;
      return admin.call('getMetrics', { params: { flagKey, environment }, query, signal });
    },
  });

export const webhooksQuery = (admin: AdminClient) =>
  queryOptions({
    queryKey: queryKeys.webhooks,
    queryFn: ({ signal }) => admin.call('listWebhooks', { signal }).then((list) => list.items),
  });

export const deliveriesQuery = (admin: AdminClient, webhookId: string) =>
  queryOptions({
    queryKey: queryKeys.deliveries(webhookId),
    queryFn: ({ signal }) =>
      admin.call('listWebhookDeliveries', { params: { webhookId }, query: { limit: 20 }, signal }),
  });

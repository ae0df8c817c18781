// Every query key in one place. Keys of things that live in one environment put the environment
// second, so the live updater can invalidate all of an environment's queries by prefix.
export const queryKeys = {
  environments: ['environments'] as const,
  flags: ['flags'] as const,
  flagList: (filters: object) => ['flags', 'list', filters] as const,
  flag: (flagKey: string) => ['flags', 'one', flagKey] as const,
  flagEnvironment: (environment: string, flagKey: string) =>
    ['flagEnvironment', environment, flagKey] as const,
  versions: (environment: string, flagKey: string) => ['versions', environment, flagKey] as const,
  segments: (environment: string) => ['segments', environment] as const,
  tokens: ['tokens'] as const,
  audit: ['audit'] as const,
  guardrails: (environment: string, flagKey: string) =>
    ['guardrails', environment, flagKey] as const,
  rollout: (environment: string, flagKey: string) => ['rollout', environment, flagKey] as const,
  metrics: (environment: string, flagKey: string) => ['metrics', environment, flagKey] as const,
  webhooks: ['webhooks'] as const,
  deliveries: (webhookId: string) => ['webhooks', 'deliveries', webhookId] as const,
};

/** The prefixes to refetch when an environment's revision moves. */
export function keysTouchedBy(environment: string): readonly (readonly string[])[] {
  return [
    queryKeys.flags,
    ['flagEnvironment', environment],
    ['versions', environment],
    queryKeys.segments(environment),
    queryKeys.audit,
    // A trip, an advance or an abort is a versioned change: show it with the flag it changed.
    ['guardrails', environment],
    ['rollout', environment],
  ];
}

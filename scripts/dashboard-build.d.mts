/** Builds the dashboard unless dashboard/dist is fresh; resolves with which it was. */
export function ensureDashboardBuilt(): Promise<'reused' | 'built'>;

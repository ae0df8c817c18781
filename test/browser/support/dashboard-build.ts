// The dashboard build shared with `pnpm start` and the deploy folder (one lock, one freshness rule).
export { ensureDashboardBuilt } from '../../../scripts/dashboard-build.mjs';

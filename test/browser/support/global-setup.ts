import { chromiumInstalled, MISSING_CHROMIUM, skipBrowser } from './chromium.ts';
import { ensureDashboardBuilt } from './dashboard-build.ts';

/** Once per run: says why the browser tests cannot run, or builds the dashboard they test. */
export default async function setup(): Promise<void> {
  if (skipBrowser) {
    console.log('Browser tests skipped (TRIPSWITCH_SKIP_BROWSER=1).');
    return;
  }
  if (!chromiumInstalled()) {
    // One line, without a stack: the fix is an install, not a debugging session.
    const error = new Error(MISSING_CHROMIUM);
    error.stack = MISSING_CHROMIUM;
    throw error;
  }
  await ensureDashboardBuilt();
}

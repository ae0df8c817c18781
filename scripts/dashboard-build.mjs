// Builds the dashboard (dashboard/dist) with Vite unless it is newer than everything it is made
// from. `pnpm start`, the deploy folder and the tests all build it through here, under one lock
// folder, so a start never rebuilds it under a test that is serving it, and two never build at
// once. Run directly (`node scripts/dashboard-build.mjs`) it does the same.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../', import.meta.url));
const dashboard = join(repo, 'dashboard');
const builtPage = join(dashboard, 'dist', 'index.html');
// Everything the bundle is made from; a change to any of them makes the dist stale.
const inputs = [
  join(dashboard, 'src'),
  join(dashboard, 'index.html'),
  join(dashboard, 'vite.config.ts'),
  join(dashboard, 'package.json'),
  join(repo, 'sdk', 'src', 'admin'),
  join(repo, 'sdk', 'src', 'protocol'),
];

function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(path).map((entry) => newestChange(join(path, entry))),
  );
}

function fresh() {
  return (
    existsSync(builtPage) && statSync(builtPage).mtimeMs >= Math.max(...inputs.map(newestChange))
  );
}

/** Builds the dashboard unless dashboard/dist is fresh; resolves with which it was. */
export async function ensureDashboardBuilt() {
  if (fresh()) return 'reused';
  const lock = join(dashboard, '.build-lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    if (fresh()) return 'reused';
    execFileSync('pnpm', ['--filter', '@tripswitch/dashboard', 'build'], {
      cwd: repo,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return 'built';
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outcome = await ensureDashboardBuilt();
  console.log(outcome === 'built' ? 'dashboard built' : 'dashboard up to date');
}

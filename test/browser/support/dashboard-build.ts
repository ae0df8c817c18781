import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
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

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(path).map((entry) => newestChange(join(path, entry))),
  );
}

function fresh(): boolean {
  return (
    existsSync(builtPage) && statSync(builtPage).mtimeMs >= Math.max(...inputs.map(newestChange))
  );
}

/**
 * Builds the dashboard with Vite unless dashboard/dist is newer than its sources. A lock folder
 * keeps two test runs in the same checkout from building at once.
 */
export async function ensureDashboardBuilt(): Promise<'reused' | 'built'> {
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

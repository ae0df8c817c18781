// Builds the folder a deployment runs, as the Dockerfile does: `node scripts/deploy-folder.mjs
// [folder]` (default dist/deploy), then `cd folder && node server/dist/main.js`. It holds
//   server/        the compiled server, its package.json and production node_modules
//                  (pnpm deploy --prod; @tripswitch/sdk copied in as its built package)
//   prisma/migrations, dashboard/dist
// in the repository's own layout, so the server finds them where it does in a checkout.
// No TypeScript loader and no development dependency is in it.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDashboardBuilt } from './dashboard-build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const options = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
const [target] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const folder = resolve(target ?? join(root, 'dist', 'deploy'));
// The packaging tests built the SDK when they packed it this run.
const prebuiltSdk = options.includes('--prebuilt-sdk');

const pnpm = (...args) => execFileSync('pnpm', args, { cwd: root, stdio: 'inherit' });

// The SDK first: the server's build typechecks against its declarations, and pnpm deploy
// copies what its package publishes (dist/).
if (!prebuiltSdk) pnpm('--filter', '@tripswitch/sdk', 'build');
pnpm('--filter', '@tripswitch/server', 'build');
await ensureDashboardBuilt();

if (existsSync(folder)) rmSync(folder, { recursive: true });
// pnpm 10 deploys a workspace package only with injected workspace dependencies or --legacy;
// --legacy copies @tripswitch/sdk as packed (its `files`), which is what we want.
pnpm(
  '--filter',
  '@tripswitch/server',
  'deploy',
  '--prod',
  '--legacy',
  '--ignore-scripts',
  join(folder, 'server'),
);
// pnpm links the deployed package itself into its hoisted folder, pointing back into this
// checkout: nothing in the folder may lead outside it.
rmSync(join(folder, 'server', 'node_modules', '.pnpm', 'node_modules', '@tripswitch', 'server'), {
  force: true,
});
cpSync(join(root, 'prisma', 'migrations'), join(folder, 'prisma', 'migrations'), {
  recursive: true,
});
cpSync(join(root, 'dashboard', 'dist'), join(folder, 'dashboard', 'dist'), { recursive: true });
console.log(`deploy folder ready: ${folder} (run: cd ${folder} && node server/dist/main.js)`);

// Runs the server for `pnpm start` (and, with --watch, `pnpm dev`) so that one signal stops it
// once. pnpm on its own cannot: a SIGTERM to it ends the shell running the script but not the
// server (left running, orphaned), and Ctrl-C reaches the server twice, from the terminal (the
// whole process group) and forwarded by pnpm, so it skipped its drain. The scripts `exec` this
// launcher, so pnpm's forwarded signals reach it; the server runs in its own process group, so
// the terminal's do not, and the launcher passes on one signal per press.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const server = join(dirname(fileURLToPath(import.meta.url)), '..', 'server');
const tsxCli = createRequire(join(server, 'package.json')).resolve('tsx/cli');
// The SDK from its sources, as everywhere in the workspace (see sdk/package.json).
const source = '--conditions=@tripswitch/source';
const args = process.argv.includes('--watch')
  ? [tsxCli, 'watch', source, 'src/main.ts']
  : [source, '--import', 'tsx', 'src/main.ts'];

const child = spawn(process.execPath, args, {
  cwd: server,
  stdio: ['ignore', 'inherit', 'inherit'],
  detached: true,
});

// The terminal's copy and pnpm's arrive within milliseconds of each other; a second press
// later still reaches the server, which then exits without waiting, as it says.
const SAME_PRESS_MS = 500;
let forwardedAt = Number.NEGATIVE_INFINITY;
const forward = (signal) => {
  if (Date.now() - forwardedAt < SAME_PRESS_MS) return;
  forwardedAt = Date.now();
  child.kill(signal);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);

child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
});

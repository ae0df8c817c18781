import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ensureDashboardBuilt } from '../browser/support/dashboard-build.ts';
import { alive, REPO, watch } from './support/processes.ts';

// `pnpm start` and `pnpm dev` stopped as a user stops them: `kill -TERM` on the pnpm process, or
// Ctrl-C, which the terminal sends to the whole process group. Either must drain the server
// once and leave nothing running.

/** Every process below `pid`, from /proc (children, their children...). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the field after the (parenthesised, possibly spaced) command name.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(parent, [...(parents.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const child of parents.get(parent) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

/** Whether something accepts connections on the loopback port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const cases = [
  { script: 'start', signal: 'SIGTERM', to: 'the pnpm process' },
  { script: 'start', signal: 'SIGINT', to: 'the process group (Ctrl-C)' },
  { script: 'dev', signal: 'SIGTERM', to: 'the pnpm process' },
  { script: 'dev', signal: 'SIGINT', to: 'the process group (Ctrl-C)' },
] as const;

describe('stopping pnpm start and pnpm dev', () => {
  it.each(cases)(
    'pnpm $script: $signal to $to drains once and leaves nothing running',
    async ({ script, signal, to }) => {
      // `pnpm start` builds the dashboard first; built (or reused) here under the browser tests'
      // lock, so it finds it fresh instead of rebuilding it under a test that serves it.
      await ensureDashboardBuilt();
      const dataDir = await mkdtemp(join(tmpdir(), 'tripswitch-signals-'));
      const pnpm = watch('pnpm', [script], {
        cwd: REPO,
        detached: true, // its own process group, as a terminal gives it
        env: {
          ...process.env,
          PORT: '0',
          TRIPSWITCH_DATA_DIR: dataDir,
          TRIPSWITCH_DRAIN_GRACE_MS: '100',
          LOG_LEVEL: 'info',
        },
      });
      const pid = pnpm.child.pid as number;
      let tree: number[] = [];
      onTestFinished(async () => {
        // Whatever a failure left behind, by pid: only what this test started.
        for (const leftover of [pid, ...tree])
          if (alive(leftover)) process.kill(leftover, 'SIGKILL');
        await rm(dataDir, { recursive: true, force: true });
      });
      const ready = await pnpm.waitForLine((line) => line.includes('Server listening at'));
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(ready)?.[1]);
      tree = descendants(pid);
      expect(tree.length).toBeGreaterThan(0);

      process.kill(to === 'the pnpm process' ? pid : -pid, signal);
      await pnpm.exited;

      const logged = (message: string) =>
        pnpm.lines.filter((line) => line.includes(`"msg":"${message}"`)).length;
      await expect.poll(() => tree.filter(alive), { timeout: 5_000 }).toEqual([]);
      expect(logged('draining')).toBe(1);
      expect(logged('drained')).toBe(1);
      expect(pnpm.lines.filter((line) => line.includes('exiting without waiting'))).toEqual([]);
      expect(await listening(port)).toBe(false);
    },
  );
});

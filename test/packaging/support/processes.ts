import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** A child process whose stdout and stderr lines are kept and can be waited for. */
export interface WatchedProcess {
  child: ChildProcess;
  /** Every line so far, stdout and stderr interleaved as they came. */
  lines: string[];
  /** Resolves with the first line (past or future) that `match` accepts; rejects if the process ends first. */
  waitForLine(match: (line: string) => boolean, what?: string): Promise<string>;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
}

/** Spawns a process and watches its output; the test's stderr gets nothing unless it fails. */
export function watch(command: string, args: string[], options: SpawnOptions = {}): WatchedProcess {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      for (const wake of waiters) wake();
    });
  }
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  let ended = false;
  void exited.then(() => {
    ended = true;
    for (const wake of waiters) wake();
  });
  const waitForLine = (match: (line: string) => boolean, what = 'the expected line') =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = lines.find(match);
        if (found !== undefined) {
          waiters.delete(check);
          resolve(found);
        } else if (ended) {
          waiters.delete(check);
          reject(new Error(`${command} exited before ${what}; it printed:\n${lines.join('\n')}`));
        }
      };
      waiters.add(check);
      check();
    });
  return { child, lines, waitForLine, exited };
}

/** Whether a process with this pid still exists (signal 0 only checks). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A bare server the benchmark measures beside Tripswitch: the floor of this machine. */
export interface Floor {
  url: string;
  child: ChildProcess;
}

/** NODE_OPTIONS that collect garbage every second (see collect-garbage.mjs). */
export function collectingGarbage(): string {
  const preload = fileURLToPath(new URL('collect-garbage.mjs', import.meta.url));
  return `${process.env.NODE_OPTIONS ?? ''} --expose-gc --import ${preload}`.trim();
}

/** Starts `script` (a file beside this one), which prints its address once listening. */
export async function startFloor(
  script: 'bare-server.ts' | 'bare-fastify.ts',
  env: Record<string, string> = {},
): Promise<Floor> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@tripswitch/source',
      '--import',
      'tsx',
      fileURLToPath(new URL(script, import.meta.url)),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } },
  );
  const port = await new Promise<number>((resolve) =>
    child.stdout?.once('data', (line: Buffer) => resolve(JSON.parse(line.toString()).port)),
  );
  return { url: `http://127.0.0.1:${port}`, child };
}

import { type ChildProcess, spawn } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

// A real Tripswitch process (tsx server/src/main.ts), as a deployment runs it: its own event
// loop, its own memory, SIGTERM to drain.

const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface InstanceOptions {
  databaseUrl: string;
  adminToken: string;
  /** Unset: the in-process bus (the instance is alone). */
  redisUrl?: string;
  redisPrefix?: string;
  /** 0 picks a free port; a restart passes the port the instance had. */
  port?: number;
  /** More environment variables (TRIPSWITCH_...). */
  env?: Record<string, string>;
  /** Logs warnings only (benchmarks: no line per request); readiness is then polled. */
  quiet?: boolean;
  /** The checkout whose server runs (default this one): a benchmark's baseline, e.g. main. */
  checkout?: string;
}

export interface Instance {
  url: string;
  port: number;
  /** Sends SIGTERM and resolves with the exit code once the process has drained and exited. */
  stop(): Promise<number | null>;
  /** Ends the process at once, without a drain (a crash). */
  kill(): Promise<void>;
  /** Starts the same instance again, on the same port. */
  restart(): Promise<Instance>;
  /** Everything the process printed, for failure messages. */
  output(): string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function answering(url: string, exited: Promise<unknown>): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  for (;;) {
    if (gone) throw new Error('the instance exited before it answered');
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const port = options.port || (options.quiet ? await freePort() : 0);
  const child = spawn(
    process.execPath,
    ['--conditions=@tripswitch/source', '--import', 'tsx', 'server/src/main.ts'],
    {
      cwd: options.checkout ?? root,
      env: {
        ...process.env,
        DATABASE_URL: options.databaseUrl,
        REDIS_URL: options.redisUrl ?? '',
        TRIPSWITCH_REDIS_PREFIX: options.redisPrefix ?? 'tripswitch',
        PORT: String(port),
        TRIPSWITCH_ADMIN_TOKEN: options.adminToken,
        TRIPSWITCH_MIGRATE: 'false',
        TRIPSWITCH_DRAIN_TIMEOUT_MS: '4000',
        // Short, as the grace before this option was (a quarter of the drain timeout).
        TRIPSWITCH_DRAIN_GRACE_MS: '1000',
        LOG_LEVEL: options.quiet ? 'warn' : 'info',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.once('exit', (code) =>
      reject(new Error(`the instance exited with ${code} before listening:\n${output}`)),
    );
    if (options.quiet) {
      const url = `http://127.0.0.1:${port}`;
      answering(url, exited).then(() => resolve(url), reject);
    }
  });
  return instanceOf(child, url, Number(new URL(url).port), exited, () => output, options);
}

function instanceOf(
  child: ChildProcess,
  url: string,
  port: number,
  exited: Promise<number | null>,
  output: () => string,
  options: InstanceOptions,
): Instance {
  return {
    url,
    port,
    output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
    restart: () => startInstance({ ...options, port }),
  };
}

// Starts Tripswitch: configuration from the environment, listen, and a bounded drain on SIGTERM.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { type Config, ConfigError, parseConfig } from './config.ts';
import { AdminTokenError } from './features/tokens/bootstrap.ts';
import { drain, drainGraceMs } from './infra/drain.ts';
import { StoreError } from './store/database.ts';
import { MigrationError } from './store/migrations/runner.ts';

function stopOnSignals(app: FastifyInstance, config: Config): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      app.log.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    app.log.info(
      { signal, drainTimeoutMs: config.drainTimeoutMs, graceMs: drainGraceMs(config) },
      'draining',
    );
    const deadline = setTimeout(() => {
      app.log.error('drain timeout: exiting with requests still open');
      process.exit(1);
    }, config.drainTimeoutMs);
    deadline.unref();
    await drain(app, config);
    app.log.info('drained');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const app = await buildApp(config);
  stopOnSignals(app, config);
  await app.listen({ port: config.port, host: config.host });
  if (app.adminBootstrap.kind === 'created') {
    // Shown once, on stdout, outside the log stream: it is stored only as a hash.
    process.stdout.write(
      `\nFirst start: an admin token was created. Keep it now, it is not shown again:\n\n  ${app.adminBootstrap.secret}\n\n`,
    );
  }
}

const ONE_LINE_ERRORS = [ConfigError, MigrationError, AdminTokenError, StoreError];

main().catch((error: unknown) => {
  const known = ONE_LINE_ERRORS.some((type) => error instanceof type);
  if (known) console.error(`tripswitch: ${(error as Error).message}`);
  else console.error('tripswitch: failed to start:', error);
  process.exit(1);
});

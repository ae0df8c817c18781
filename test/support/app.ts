import { randomBytes } from 'node:crypto';
import { buildApp, type Config, parseConfig } from '@tripswitch/server';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface TestAppOptions {
  /** Overrides of the configuration (defaults: a fresh cloned database, silent logs). */
  config?: Partial<Config>;
  /** Receives the app's log lines (set `config.logLevel` too: tests default to silent). */
  logStream?: { write(line: string): void };
  /** The URL the app is given for its database, e.g. through a proxy the test can cut. */
  reachDatabase?: (url: string) => string;
}

export interface EmbeddedTestApp {
  app: FastifyInstance;
  /** The secret of an admin token that exists in this app's database. */
  adminToken: string;
  /** `app.inject` with the admin token (unless the request sets its own authorization). */
  api(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestApp extends EmbeddedTestApp {
  /** The app's own Postgres database, cloned from the migrated template. */
  database: TestDatabase;
}

/** A fresh admin secret in the TRIPSWITCH_ADMIN_TOKEN format. */
export function adminSecret(): string {
  return `tsa_${randomBytes(32).toString('base64url')}`;
}

async function build(
  store: Partial<Config>,
  options: TestAppOptions,
  cleanup: () => Promise<void>,
): Promise<EmbeddedTestApp> {
  const adminToken = adminSecret();
  const config: Config = {
    ...parseConfig({}),
    ...store,
    adminToken,
    logLevel: 'silent',
    ...options.config,
  };
  let app: FastifyInstance;
  try {
    app = await buildApp(config, options.logStream ? { logStream: options.logStream } : {});
  } catch (error) {
    await cleanup();
    throw error;
  }
  return {
    app,
    adminToken,
    api: (request) =>
      app.inject({
        ...request,
        headers: { authorization: `Bearer ${adminToken}`, ...request.headers },
      }),
    async close() {
      await app.close();
      await cleanup();
    },
  };
}

/** Builds the app on its own database cloned from the migrated template; call close() after. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const databaseUrl = options.reachDatabase?.(database.url) ?? database.url;
  const built = await build({ databaseUrl }, options, database.drop);
  return { ...built, database };
}

/** Builds the app on the embedded store (PGlite) in `dataDir`; call close() after. */
export function createEmbeddedTestApp(
  dataDir: string,
  options: TestAppOptions = {},
): Promise<EmbeddedTestApp> {
  return build({ databaseUrl: undefined, dataDir }, options, async () => {});
}

export interface TestServer extends TestApp {
  /** Base URL of the listening server, e.g. http://127.0.0.1:41234. */
  url: string;
}

/** Like createTestApp, and listening on a free loopback port (for SSE, SDK and browser tests). */
export async function startServer(options: TestAppOptions = {}): Promise<TestServer> {
  const testApp = await createTestApp(options);
  try {
    const url = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    return { ...testApp, url };
  } catch (error) {
    await testApp.close();
    throw error;
  }
}

import Fastify, { type FastifyInstance } from 'fastify';
import { busPlugin } from './bus/plugin.ts';
import type { Config } from './config.ts';
import { dashboardPlugin } from './dashboard/plugin.ts';
import { auditRoutes } from './features/audit/routes.ts';
import { changeFeedRoutes } from './features/changes/feed.ts';
import { environmentRoutes } from './features/environments/routes.ts';
import { seedEnvironments } from './features/environments/seed.ts';
import { flagEnvironmentRoutes } from './features/flag-environments/routes.ts';
import { flagRoutes } from './features/flags/routes.ts';
import { guardrailRoutes } from './features/guardrails/routes.ts';
import { ingestRoutes } from './features/metrics/ingest.ts';
import { metricsRoutes } from './features/metrics/routes.ts';
import { ofrepRoutes } from './features/ofrep/routes.ts';
import { rolloutRoutes } from './features/rollouts/routes.ts';
import { sdkRoutes } from './features/sdk/routes.ts';
import { segmentRoutes } from './features/segments/routes.ts';
import { type AdminBootstrap, ensureAdminToken } from './features/tokens/bootstrap.ts';
import { tokenRoutes } from './features/tokens/routes.ts';
import { tripSwitchPlugin } from './features/trip-switch/plugin.ts';
import { webhookRoutes } from './features/webhooks/routes.ts';
import { authPlugin } from './infra/auth.ts';
import { changesPlugin } from './infra/changes.ts';
import { connectionsPlugin } from './infra/connections.ts';
import { docsPlugin } from './infra/docs.ts';
import { healthPlugin } from './infra/health.ts';
import { useJsonDepthLimit } from './infra/json-depth.ts';
import { metricsPlugin } from './infra/metrics.ts';
import { replyWithProblem, useProblemHandlers } from './infra/problem.ts';
import { useApiHeaders } from './infra/security-headers.ts';
import { storePlugin } from './infra/store.ts';
import { useValidators } from './infra/validation.ts';
import { propagationPlugin } from './propagation/plugin.ts';

export type { Config } from './config.ts';
export { parseConfig } from './config.ts';

/** Request bodies larger than this get 413. */
export const BODY_LIMIT = 1024 * 1024;

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    /** What start-up did about admin access (a created secret is shown once by main.ts). */
    adminBootstrap: AdminBootstrap;
  }
}

export interface BuildOptions {
  /** Where log lines go (stdout by default); tests read them here. */
  logStream?: { write(line: string): void };
}

/** Builds the Tripswitch app (store opened and migrated, routes registered); it never listens. */
export async function buildApp(
  config: Config,
  options: BuildOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Secrets travel in these headers; they must never reach a log line.
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      ...(options.logStream && { stream: options.logStream }),
    },
    bodyLimit: BODY_LIMIT,
    // Opening the store may start the embedded database and run migrations: slow on a busy host.
    pluginTimeout: 120_000,
    return503OnClosing: true,
    // Idle and half-sent connections end instead of being held (500 such sockets were held for
    // 75 s): no bytes either way for idleTimeoutMs, or headers still incomplete after
    // headersTimeoutMs (checked every second). Streams opt out of the idle timeout once started.
    connectionTimeout: config.idleTimeoutMs,
    keepAliveTimeout: Math.min(5_000, config.idleTimeoutMs),
    http: {
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: Math.max(30_000, config.headersTimeoutMs),
      connectionsCheckingInterval: Math.min(1_000, config.headersTimeoutMs),
    },
    // The client address (request.ip) is the socket's peer unless TRIPSWITCH_TRUST_PROXY names
    // the proxies whose X-Forwarded-For may say otherwise; failed authentication is limited by it.
    trustProxy: config.trustProxy,
    // Router errors (a bad URL encoding, an overlong path parameter) get problems too.
    frameworkErrors: replyWithProblem,
  });
  // JSON only: a text/plain body would otherwise reach validation as a string.
  app.removeContentTypeParser('text/plain');
  useJsonDepthLimit(app);
  useValidators(app);
  useProblemHandlers(app);
  app.decorate('config', config);

  try {
    await register(app, config);
  } catch (error) {
    // Whatever did open (pool, embedded database) closes before the error goes up.
    await app.close();
    throw error;
  }
  return app;
}

async function register(app: FastifyInstance, config: Config): Promise<void> {
  // Infrastructure first; each plugin closes what it opened in onClose.
  await app.register(connectionsPlugin);
  await app.register(storePlugin, { config });
  await app.register(metricsPlugin);
  await app.register(busPlugin, { config });
  await app.register(authPlugin);
  await app.register(propagationPlugin);
  await app.register(changesPlugin);
  await app.register(healthPlugin);
  await app.register(docsPlugin);

  await seedEnvironments(app.db);
  app.decorate<AdminBootstrap>('adminBootstrap', await ensureAdminToken(app.db, config.adminToken));

  await app.register(async (admin) => {
    await useApiHeaders(admin);
    admin.addHook('onRequest', app.authenticate('admin'));
    await admin.register(environmentRoutes);
    await admin.register(flagRoutes);
    await admin.register(flagEnvironmentRoutes);
    await admin.register(segmentRoutes);
    await admin.register(tokenRoutes);
    await admin.register(auditRoutes);
    // The trip switch: guardrails, progressive rollouts, their metrics and webhooks.
    await admin.register(guardrailRoutes);
    await admin.register(rolloutRoutes);
    await admin.register(metricsRoutes);
    await admin.register(webhookRoutes);
    // What the dashboard follows to stay current.
    await admin.register(changeFeedRoutes);
  });
  await app.register(sdkRoutes);
  // OpenFeature's remote evaluation protocol, for OFREP providers in every language.
  await app.register(ofrepRoutes);
  await app.register(ingestRoutes);
  await app.register(tripSwitchPlugin);
  // Last: its page fallback answers only GETs no route above claimed.
  await app.register(dashboardPlugin, {});
  await app.ready();
}

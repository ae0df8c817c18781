import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, onResponseHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { UnauthorizedError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's Prometheus registry: plugins add their own metrics to it. */
    metricsRegistry: Registry;
    /**
     * Counts a request whose end Fastify never sees (a stream, written to its socket once
     * started), with the time to its first bytes as its latency.
     */
    recordRequest(request: FastifyRequest, reply: FastifyReply): void;
  }
}

// Prometheus metrics: request latency and counts by route template and status, and the process
// metrics prom-client collects. A registry per app, so several apps in one process stay apart.

const labelNames = ['method', 'route', 'status'] as const;
type Labels = Record<(typeof labelNames)[number], string>;

/** A route's latency and count, for one method and status, with its labels bound once. */
interface Recorder {
  latency: { observe(seconds: number): void };
  count: { inc(): void };
}

export const metricsPlugin = fp(
  async (app: FastifyInstance) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    app.decorate('metricsRegistry', registry);
    const duration = new Histogram({
      name: 'tripswitch_http_request_duration_seconds',
      help: 'HTTP request latency by route and status',
      labelNames,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    const requests = new Counter({
      name: 'tripswitch_http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames,
      registers: [registry],
    });

    // Labels are resolved once per route, method and status, not per request: the SDK routes
    // answer tens of thousands of requests a second, and building label objects (and Fastify's
    // routeOptions) per request was most of what the metrics hook cost.
    function recorderFor(route: string): onResponseHookHandler {
      const recorders = new Map<string, Recorder>();
      return (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
        const key = `${request.method} ${reply.statusCode}`;
        let recorder = recorders.get(key);
        if (!recorder) {
          const labels: Labels = {
            method: request.method,
            route,
            status: String(reply.statusCode),
          };
          recorder = { latency: duration.labels(labels), count: requests.labels(labels) };
          recorders.set(key, recorder);
        }
        recorder.latency.observe(reply.elapsedTime / 1000);
        recorder.count.inc();
        done();
      };
    }

    // Each route gets its own hook, bound to its template: never the raw URL, which would grow
    // labels without bound. Requests no route claimed count under `unmatched`.
    const byRoute = new Map<string, onResponseHookHandler>();
    app.addHook('onRoute', (route) => {
      const url = route.url as string;
      let record = byRoute.get(url);
      if (!record) {
        record = recorderFor(url);
        byRoute.set(url, record);
      }
      const own = route.onResponse ?? [];
      route.onResponse = [...(Array.isArray(own) ? own : [own]), record];
    });
    const unmatched = recorderFor('unmatched');
    app.addHook('onResponse', (request, reply, done) => {
      if (request.is404) unmatched.call(app, request, reply, done);
      else done();
    });
    app.decorate('recordRequest', (request: FastifyRequest, reply: FastifyReply) => {
      const record = byRoute.get(request.routeOptions.url ?? '') ?? unmatched;
      record.call(app, request, reply, () => {});
    });

    const scrapeToken = app.config.metricsToken;
    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      // Process figures, the Node version and route names are not for everyone once a token is set.
      if (
        scrapeToken !== undefined &&
        !sameSecret(request.headers.authorization, `Bearer ${scrapeToken}`)
      ) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new UnauthorizedError(
          '/metrics needs the bearer token set in TRIPSWITCH_METRICS_TOKEN.',
        );
      }
      reply.type(registry.contentType);
      return registry.metrics();
    });
  },
  { name: 'metrics' },
);

/** Compares in constant time (of their hashes, so lengths do not leak either). */
function sameSecret(given: string | undefined, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}

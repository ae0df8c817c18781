import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's Prometheus registry: plugins add their own metrics to it. */
    metricsRegistry: Registry;
  }
}

// Prometheus metrics: request latency and counts by route template and status, and the process
// metrics prom-client collects. A registry per app, so several apps in one process stay apart.

export const metricsPlugin = fp(
  async (app: FastifyInstance) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    app.decorate('metricsRegistry', registry);
    const labelNames = ['method', 'route', 'status'] as const;
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

    app.addHook('onResponse', async (request, reply) => {
      // The route template, never the raw URL: unknown paths would grow labels without bound.
      const labels = {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      };
      duration.observe(labels, reply.elapsedTime / 1000);
      requests.inc(labels);
    });

    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    });
  },
  { name: 'metrics' },
);

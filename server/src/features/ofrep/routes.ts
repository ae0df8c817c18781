import { OFREP_PREFIX } from '@tripswitch/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { sdkCors } from '../sdk/cors.ts';
import { polledRoutes } from '../sdk/polled.ts';
import { evaluateFlagRoute, evaluateFlagsRoute } from './evaluate.ts';
import { eventsRoute } from './events.ts';
import { useOfrepFailures } from './failures.ts';
import { EventTickets } from './tickets.ts';

/**
 * OFREP (OpenFeature Remote Evaluation Protocol) under /ofrep/v1, so OpenFeature's OFREP
 * providers in any language evaluate against Tripswitch: server tokens and client tokens alike
 * (the server evaluates the posted context, and answers results, never rules). CORS as for the
 * SDK routes; logged like them (the polled routes only from debug, or when slow).
 */
export async function ofrepRoutes(app: FastifyInstance) {
  const tickets = new EventTickets(app);
  await app.register(
    async (ofrep) => {
      sdkCors(ofrep);
      useOfrepFailures(ofrep);
      await polledRoutes(ofrep, (routes) => {
        eventsRoute(routes, tickets);
        void routes.register(async (evaluations) => {
          evaluations.addHook('onRequest', app.authenticate(['server', 'client']));
          evaluateFlagRoute(evaluations);
          evaluateFlagsRoute(evaluations, tickets);
        });
      });
    },
    { prefix: OFREP_PREFIX },
  );
}

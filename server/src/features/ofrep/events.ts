import { type OfrepEventsQuery, ofrepApi } from '@tripswitch/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { streamRouteOptions } from '../route.ts';
import { streamHandler } from '../sdk/stream.ts';
import { relative } from './prefix.ts';
import type { EventTickets } from './tickets.ts';

/**
 * GET /ofrep/v1/events?ticket=...: OFREP's change notifications (ADR-0008) on the SDK streams'
 * fan-out. Each change is one `message` event, data `{"type":"refetchEvaluation","etag":...}`,
 * id = revision, written once for every stream of the environment; a provider resuming with
 * Last-Event-ID at the current revision gets nothing, any other a refetch at once.
 */
export function eventsRoute(app: FastifyInstance, tickets: EventTickets): void {
  const endpoint = relative(ofrepApi.events);
  const options = streamRouteOptions(endpoint);
  app.route({
    ...options,
    schema: { ...options.schema, querystring: endpoint.query },
    // After validation, so the ticket has its form; EventSource can send no header instead.
    preHandler: async (request) => {
      request.principal = await tickets.admit((request.query as OfrepEventsQuery).ticket);
    },
    handler: streamHandler(app, 'refetches'),
  });
}

import { api } from '@tripswitch/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { route } from '../route.ts';
import { segmentService } from './service.ts';

export async function segmentRoutes(app: FastifyInstance) {
  const segments = segmentService({ db: app.db, changes: app.changes });
  route(app, api.listSegments, async ({ params, query }) =>
    segments.list(params.environment, query),
  );
  route(app, api.createSegment, async ({ params, body, request }) =>
    segments.create(request.actor, params.environment, body),
  );
  route(app, api.getSegment, async ({ params }) =>
    segments.get(params.environment, params.segmentKey),
  );
  route(app, api.updateSegment, async ({ params, body, request }) =>
    segments.update(request.actor, params.environment, params.segmentKey, body),
  );
  route(app, api.deleteSegment, async ({ params, request }) =>
    segments.remove(request.actor, params.environment, params.segmentKey),
  );
}
